/**
 * The drill's pass criteria, per fault and overall, from what was measured. Pure.
 *
 * Per fault (its window: from its injection to the next fault's): settlement resumed on every
 * partition within the limit (10 s) of the moment the fault says (`resumeFrom`); no charge planned
 * in the window without a final outcome, none with two. Overall: the same counts over the whole
 * run, the outbox empty at the end, every check of the simulator (invariants, DLQ, delivery)
 * passed, and every fault passed.
 */
import type { Resumption, StallFigures } from './timeline-metrics';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ProblemCharge {
  readonly chargeId: string;
  readonly plannedAtMs: number | null;
  /** Its final outcomes ("settled", "rejected CODE"); none or several. */
  readonly finals: readonly string[];
}

export interface WindowCounts {
  withoutFinal: number;
  withSeveralFinals: number;
  examples: string[];
}

/**
 * Which window each problem charge was planned in: `starts` are the faults' injection times in
 * order; index -1 is before the first fault (warm-up). A charge without a planned time counts in
 * the last window.
 */
export function attributeProblems(
  problems: readonly ProblemCharge[],
  starts: readonly number[],
): Map<number, WindowCounts> {
  const out = new Map<number, WindowCounts>();
  for (const p of problems) {
    let i = starts.length - 1;
    if (p.plannedAtMs !== null) {
      i = -1;
      while (i + 1 < starts.length && starts[i + 1] <= p.plannedAtMs) i++;
    }
    const w = out.get(i) ?? { withoutFinal: 0, withSeveralFinals: 0, examples: [] };
    if (p.finals.length === 0) w.withoutFinal++;
    else w.withSeveralFinals++;
    if (w.examples.length < 3)
      w.examples.push(`${p.chargeId}: ${p.finals.length ? p.finals.join(' + ') : 'no final outcome'}`);
    out.set(i, w);
  }
  return out;
}

export interface FaultMeasure {
  /** Whether the fault took effect, where the drill can tell. */
  readonly effective?: { readonly ok: boolean; readonly detail: string };
  readonly stall: StallFigures;
  readonly resumption: Resumption;
  readonly resumeFromWhat: string;
  readonly counts: WindowCounts;
  readonly unexpectedExits: number;
}

/** Milliseconds as seconds with one decimal ("12.3"), "-" for null. */
export function oneDecimalS(ms: number | null): string {
  if (ms === null) return '-';
  const tenths = Math.round(ms / 100);
  const sign = tenths < 0 ? '-' : '';
  return `${sign}${Math.floor(Math.abs(tenths) / 10)}.${Math.abs(tenths) % 10}`;
}

export const seconds = (ms: number | null): string => (ms === null ? '-' : `${oneDecimalS(ms)} s`);

export function faultChecks(m: FaultMeasure, resumeLimitS: number): Check[] {
  const r = m.resumption;
  return [
    ...(m.effective ? [{ name: 'the fault took effect', ok: m.effective.ok, detail: m.effective.detail }] : []),
    {
      name: `settlement resumed within ${resumeLimitS} s of ${m.resumeFromWhat}`,
      ok: r.allPartitionsMs !== null && r.allPartitionsMs <= resumeLimitS * 1000,
      detail:
        r.allPartitionsMs !== null
          ? `every partition answering after ${seconds(r.allPartitionsMs)} (first answer after ${seconds(r.firstAnswerMs)})`
          : `not before the next fault: partition(s) ${r.silentPartitions.join(', ')} silent` +
            (r.firstAnswerMs !== null ? ` (first answer after ${seconds(r.firstAnswerMs)})` : ', no answer at all'),
    },
    {
      name: 'no charge of its window without a final outcome',
      ok: m.counts.withoutFinal === 0,
      detail: `${m.counts.withoutFinal}${m.counts.examples.length ? `, e.g. ${m.counts.examples[0]}` : ''}`,
    },
    {
      name: 'no charge of its window with two final outcomes',
      ok: m.counts.withSeveralFinals === 0,
      detail: String(m.counts.withSeveralFinals),
    },
  ];
}

export interface OverallInput {
  readonly charges: number;
  readonly withoutFinal: number;
  readonly withSeveralFinals: number;
  /** Outbox rows unsent at the end (null: could not be read). */
  readonly outboxAtEnd: number | null;
  readonly simulatorChecks: readonly Check[];
  readonly faultsPassed: number;
  readonly faults: number;
}

export function overallChecks(o: OverallInput): Check[] {
  const failed = o.simulatorChecks.filter((c) => !c.ok);
  return [
    {
      name: 'every charge has a final outcome',
      ok: o.withoutFinal === 0 && o.charges > 0,
      detail: `${o.withoutFinal} of ${o.charges} without`,
    },
    { name: 'no charge has two final outcomes', ok: o.withSeveralFinals === 0, detail: String(o.withSeveralFinals) },
    {
      name: 'outbox empty at the end',
      ok: o.outboxAtEnd === 0,
      detail: o.outboxAtEnd === null ? 'could not be read' : `${o.outboxAtEnd} unsent`,
    },
    {
      name: 'every invariant and check of the simulator holds',
      ok: failed.length === 0 && o.simulatorChecks.length > 0,
      detail:
        o.simulatorChecks.length === 0
          ? 'no checks (the simulator did not finish)'
          : failed.length === 0
            ? `${o.simulatorChecks.length} passed`
            : `failed: ${failed.map((c) => `${c.name} (${c.detail})`).join('; ')}`,
    },
    {
      name: 'every fault passed',
      ok: o.faultsPassed === o.faults,
      detail: `${o.faultsPassed} of ${o.faults}`,
    },
  ];
}
