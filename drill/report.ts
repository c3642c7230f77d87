/** The drill's results file shape and its plain-text table. Pure. */
import type { DrillOptions } from './drill-options';
import type { FaultRun } from './faults';
import type { FleetEvent } from './service-fleet';
import type { Resumption, StallFigures } from './timeline-metrics';
import { oneDecimalS, type Check, type WindowCounts } from './verdict';

export interface FaultResult extends FaultRun {
  /** The next fault's injection (or the end of the traffic): this fault's window ends there. */
  readonly windowEnd: number;
  readonly stall: StallFigures;
  readonly resumption: Resumption;
  /** The longest an outcome waited on the topic for the simulator while settlement resumed, ms. */
  readonly simulatorLagMs: number | null;
  readonly counts: WindowCounts;
  readonly unexpectedExits: number;
  readonly checks: Check[];
  readonly pass: boolean;
}

export interface DrillResults {
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly options: DrillOptions;
  readonly machine: { cpus: number; node: string };
  readonly service: { instances: number; env: Record<string, string>; unexpectedExits: FleetEvent[] };
  readonly resumeCriterion: { limitS: number; definition: string };
  readonly trafficStartedAt: number;
  readonly trafficStoppedAt: number;
  readonly partitions: string[];
  readonly faults: FaultResult[];
  readonly warmUp: WindowCounts;
  /** Where the first charges without exactly one final outcome stopped (problem-trace.ts). */
  readonly problemTraces?: string[];
  readonly overall: {
    charges: number;
    withoutFinal: number;
    withSeveralFinals: number;
    outboxAtEnd: number | null;
    dlqCounts: Record<string, number> | null;
    checks: Check[];
  };
  readonly simulator: {
    exitStatus: number | null;
    checks: Check[];
    resilience: Record<string, number>;
    deadLetters: Record<string, unknown> | null;
    rejectedByReason: Record<string, number>;
    counters: Record<string, number>;
    /** Reversals with more than one answer (at most 1000), with the answers' event ids. */
    reversalsAnsweredTwice: { reversalId: string; chargeId: string; answers: string[] }[];
  };
  /** answersPerS from startMs; backlog as [seconds since startMs, unsent or null]. */
  readonly series: { startMs: number; answersPerS: number[]; backlog: (number | null)[][] };
  readonly pass: boolean;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const s1 = oneDecimalS;

export function renderDrillTable(r: DrillResults): string {
  const o = r.options;
  const rel = (t: number) => s1(t - r.trafficStartedAt);
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `Gongji fault drill ${r.runId} (${r.startedAt.slice(0, 19)}Z): ${o.instances} instance(s), ${o.rate} charges/s, ` +
      `${o.population} persons, poison share ${o.poisonShare}${o.short ? ', --short' : ''}`,
  );
  lines.push(`times in s since the traffic started; a fault's window runs to the next fault's injection`);
  lines.push('');
  const head = [
    pad('fault', 18),
    lpad('injected', 8),
    lpad('healed', 7),
    lpad('stall', 6),
    lpad('worst p.', 8),
    lpad('1st ans.', 8),
    lpad('resumed', 8),
    lpad('no final', 8),
    lpad('2 finals', 8),
    lpad('exits', 5),
    '  result',
  ];
  lines.push(head.join(' '));
  for (const f of r.faults) {
    const res = f.resumption;
    lines.push(
      [
        pad(`${f.name}${f.round > 1 ? ` #${f.round}` : ''}`, 18),
        lpad(rel(f.injectedAt), 8),
        lpad(rel(f.healedAt), 7),
        lpad(s1(f.stall.overall.ms), 6),
        lpad(s1(f.stall.worstPartition.ms), 8),
        lpad(s1(res.firstAnswerMs), 8),
        lpad(res.allPartitionsMs === null ? 'never' : s1(res.allPartitionsMs), 8),
        lpad(String(f.counts.withoutFinal), 8),
        lpad(String(f.counts.withSeveralFinals), 8),
        lpad(String(f.unexpectedExits), 5),
        f.pass ? '  pass' : '  FAIL',
      ].join(' '),
    );
  }
  lines.push('');
  lines.push(
    '  stall: longest time with no final outcome published at all, from the injection to the next fault; worst p.: the same on',
  );
  lines.push(
    '  the partition that stalled longest; 1st ans.: first final outcome after the fault healed; resumed: every partition',
  );
  lines.push(
    `  answering steadily again, counted from the moment named below (limit ${r.resumeCriterion.limitS} s); exits: service exits the drill did not cause`,
  );
  const named = new Map<string, string>();
  for (const f of r.faults) named.set(f.name, f.resumeFromWhat);
  lines.push(`  resumed counted from: ${[...named].map(([n, w]) => `${n}: ${w}`).join('; ')}`);
  const failed = r.faults.filter((f) => !f.pass);
  if (failed.length) {
    lines.push('');
    lines.push('Failed fault checks');
    for (const f of failed) {
      for (const c of f.checks.filter((x) => !x.ok)) {
        lines.push(`  ${f.name}${f.round > 1 ? ` #${f.round}` : ''}: ${c.name}: ${c.detail}`);
      }
    }
  }
  const notes = r.faults.flatMap((f) => f.notes.map((n) => `${f.name}${f.round > 1 ? ` #${f.round}` : ''}: ${n}`));
  if (notes.length) {
    lines.push('');
    lines.push('Notes');
    for (const n of notes) lines.push(`  ${n}`);
  }
  if (r.problemTraces?.length) {
    lines.push('');
    lines.push('Charges without exactly one final outcome (times in s since the traffic started)');
    for (const t of r.problemTraces) lines.push(`  ${t}`);
  }
  if (r.warmUp.withoutFinal || r.warmUp.withSeveralFinals) {
    lines.push('');
    lines.push(
      `Warm-up (before the first fault): ${r.warmUp.withoutFinal} without a final outcome, ${r.warmUp.withSeveralFinals} with two`,
    );
  }
  lines.push('');
  lines.push('Overall');
  for (const c of r.overall.checks) lines.push(`  [${c.ok ? 'PASS' : 'FAIL'}] ${pad(c.name, 52)} ${c.detail}`);
  lines.push('');
  lines.push(`Simulator checks (exit status ${r.simulator.exitStatus})`);
  for (const c of r.simulator.checks) lines.push(`  [${c.ok ? 'PASS' : 'FAIL'}] ${pad(c.name, 80)} ${c.detail}`);
  const rs = r.simulator.resilience;
  if (rs) {
    lines.push(
      `  producer: ${rs.produced} acknowledged, ${rs.resent} sent again after a failed send, ${rs.undelivered} undelivered; ` +
        `outcome/DLQ consumer restarts ${rs.tailRestarts}; database queries retried ${rs.dbRetries}`,
    );
  }
  const rejected = Object.entries(r.simulator.rejectedByReason ?? {}).sort((a, b) => b[1] - a[1]);
  if (rejected.length) lines.push(`  rejections: ${rejected.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  if (r.overall.dlqCounts) {
    const dl = r.simulator.deadLetters as {
      others?: Record<string, Record<string, number>>;
      othersOfThisRun?: number;
    } | null;
    lines.push(
      `  DLQ topics: ${Object.entries(r.overall.dlqCounts)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}; poison sent ${r.simulator.counters?.poisonSent ?? 0}` +
        (dl?.othersOfThisRun ? `; ${dl.othersOfThisRun} well-formed messages of this run dead-lettered` : ''),
    );
  }
  for (const rv of r.simulator.reversalsAnsweredTwice.slice(0, 3)) {
    lines.push(
      `  reversal ${rv.reversalId} (charge ${rv.chargeId}) answered ${rv.answers.length} times: ${rv.answers.join('; ')}`,
    );
  }
  if (r.service.unexpectedExits.length) {
    lines.push(
      `  unexpected service exits: ${r.service.unexpectedExits
        .map((e) => `instance ${e.slot} at ${rel(e.at)} s ${e.what}`)
        .join('; ')}`,
    );
  }
  lines.push('');
  lines.push(
    r.pass
      ? `PASSED: all ${r.faults.length} faults and every overall check.`
      : `FAILED: ${failed.length} of ${r.faults.length} faults failed; ${r.overall.checks.filter((c) => !c.ok).length} overall check(s) failed.`,
  );
  return lines.join('\n');
}
