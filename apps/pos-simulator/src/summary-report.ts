/** Renders a run's summary and checks as a plain-text table for the terminal. */
import { fenToYuanString } from '@gongji/domain';
import type { DeadLetterReport } from './dead-letters';
import type { CheckResult } from './invariants';
import { formatMs } from './latency-stats';
import type { RunSummary } from './run-summary';

export interface ReportContext {
  readonly runId: string;
  readonly seed: number;
  readonly rate: number;
  readonly durationS: number;
  readonly population: { persons: number; families: number; employees: number; bindings: number; merchants: number };
  readonly registration: { requests: number; failures: number; seconds: number };
  /** How the simulator rode out faults: store and forward, consumer restarts, database retries. */
  readonly resilience?: ResilienceFigures;
  /** What became of the poison messages, and other dead letters (with --dlq-check). */
  readonly deadLetters?: DeadLetterReport;
  /** Further sections (season, routing, merchants' day, statements), printed before the checks. */
  readonly extraSections?: readonly string[];
}

export interface ResilienceFigures {
  readonly produced: number;
  /** Messages acknowledged only after a failed send, sent again with the same bytes. */
  readonly resent: number;
  /** Send attempts that failed, per message. */
  readonly failedAttempts: number;
  readonly undelivered: number;
  readonly tailRestarts: number;
  readonly dbRetries: number;
  readonly dbIdleClientErrors: number;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const row = (label: string, value: string | number) => `  ${pad(label, 46)}${lpad(String(value), 16)}`;
const yuan = (fen: bigint) => fenToYuanString(fen);

export function renderReport(ctx: ReportContext, s: RunSummary, checks: readonly CheckResult[]): string {
  const c = s.counters;
  const lines: string[] = [];
  lines.push('');
  lines.push(`Gongji POS simulator: run ${ctx.runId}, seed ${ctx.seed}, ${ctx.rate} charges/s for ${ctx.durationS} s`);
  lines.push('');
  lines.push('Population');
  lines.push(row('persons (families)', `${ctx.population.persons} (${ctx.population.families})`));
  lines.push(row('employee-insured with a personal account', ctx.population.employees));
  lines.push(row('bindings', ctx.population.bindings));
  lines.push(row('merchants', ctx.population.merchants));
  lines.push(row('registration requests (failed)', `${ctx.registration.requests} (${ctx.registration.failures})`));
  lines.push('');
  lines.push('Traffic sent');
  lines.push(row('charges', s.charges));
  lines.push(row('exact re-sends (duplicates)', c.exactResends));
  lines.push(row('re-used chargeIds with other content', c.conflictingResends));
  lines.push(row('reversals (of them before their charge)', `${c.reversalsSent} (${c.reversalsBeforeCharge})`));
  lines.push(row('holder answers: approve / decline', `${c.approvalsSent} / ${c.declinesSent}`));
  lines.push(row('left to expire / patient walked away', `${c.leftToExpire} / ${c.walkAways}`));
  lines.push('');
  lines.push('Outcomes (one final outcome per charge)');
  lines.push(row('charge.settled', s.settled));
  lines.push(row('  with mutual aid from relatives', s.settledWithMutualAid));
  lines.push(row('  after an authorization request', s.settledAfterAuthorization));
  const reasons = Object.entries(s.rejectedByReason).sort((a, b) => b[1] - a[1]);
  lines.push(
    row(
      'charge.rejected',
      reasons.reduce((n, [, v]) => n + v, 0),
    ),
  );
  for (const [code, n] of reasons) lines.push(row(`  ${code}`, n));
  lines.push(row('without a final outcome', s.withoutFinal));
  lines.push(row('with more than one final outcome', s.withSeveralFinals));
  lines.push(row('authorization requests', s.authorizationRequests));
  lines.push(row('DUPLICATE_CONFLICT answers (original stands)', s.conflictAnswers));
  for (const [status, n] of Object.entries(s.reversalsApplied)) lines.push(row(`charge.reversed (was ${status})`, n));
  for (const [code, n] of Object.entries(s.reversalsRejected)) lines.push(row(`reversal.rejected ${code}`, n));
  if (s.reversalsUnanswered) lines.push(row('reversals without an answer', s.reversalsUnanswered));
  lines.push(row('events delivered again (same id)', s.redeliveredEvents));
  if (s.foreignEvents) lines.push(row('answers from another service instance (ignored)', s.foreignEvents));
  lines.push('');
  const r = ctx.resilience;
  if (r) {
    lines.push('Riding out faults');
    lines.push(row('messages produced (acknowledged by the broker)', r.produced));
    lines.push(row('  sent again after a failed send (same bytes)', r.resent));
    lines.push(row('  failed send attempts / undelivered', `${r.failedAttempts} / ${r.undelivered}`));
    lines.push(row('outcome consumer restarts', r.tailRestarts));
    lines.push(row('database queries retried / idle clients lost', `${r.dbRetries} / ${r.dbIdleClientErrors}`));
    lines.push('');
  }
  const d = ctx.deadLetters;
  if (d) {
    lines.push('Dead letters');
    lines.push(row('poison messages sent (not JSON)', c.poisonSent));
    lines.push(row('  on pos.charges.v1.dlq, untouched, x-error-code', d.poisonDeadLettered));
    lines.push(
      row(
        '  altered / without x-error-code / missing',
        `${d.poisonAltered} / ${d.poisonWithoutErrorCode} / ${d.poisonMissing}`,
      ),
    );
    for (const [topic, byCode] of Object.entries(d.others)) {
      for (const [code, n] of Object.entries(byCode)) lines.push(row(`other dead letters on ${topic} (${code})`, n));
    }
    if (d.othersOfThisRun) lines.push(row('  of them messages of this run', d.othersOfThisRun));
    lines.push('');
  }
  lines.push('Money of settled charges (yuan)');
  lines.push(row('medical fees (medfee_sumamt)', yuan(s.money.medfeeFen)));
  lines.push(row('pooled fund (fund_pay_sumamt)', yuan(s.money.fundFen)));
  lines.push(row('personal share (psn_part_amt)', yuan(s.money.psnPartFen)));
  lines.push(row('  from own accounts (acct_pay - acct_mulaid_pay)', yuan(s.money.ownAccountsFen)));
  lines.push(row('  from relatives (acct_mulaid_pay)', yuan(s.money.relativesFen)));
  lines.push(row('  in cash (psn_cash_pay)', yuan(s.money.cashFen)));
  lines.push(row('  of which no account may pay (ineligible)', yuan(s.money.ineligibleFen)));
  lines.push(row('returned by reversals', yuan(s.money.reversedFen)));
  lines.push('');
  const l = s.latency;
  lines.push('Latency, charge produced -> first answer consumed (ms)');
  lines.push(
    row('p50 / p95 / p99 / max', `${formatMs(l.p50)} / ${formatMs(l.p95)} / ${formatMs(l.p99)} / ${formatMs(l.max)}`),
  );
  lines.push('');
  if (ctx.extraSections?.length) lines.push(...ctx.extraSections);
  lines.push('Checks');
  for (const ch of checks) lines.push(`  [${ch.ok ? 'PASS' : 'FAIL'}] ${pad(ch.name, 72)} ${ch.detail}`);
  const failed = checks.filter((x) => !x.ok).length;
  lines.push('');
  lines.push(failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks FAILED.`);
  return lines.join('\n');
}

/**
 * Checks that come from the events rather than the database. `produce` is what the store and
 * forward delivered: every message must be acknowledged in the end, however often it was resent.
 */
export function eventChecks(
  s: RunSummary,
  registrationFailures: number,
  produce: { readonly undelivered: number; readonly resent: number },
): CheckResult[] {
  return [
    {
      name: 'registration: every request accepted',
      ok: registrationFailures === 0,
      detail: `${registrationFailures} failed`,
    },
    {
      name: 'every message delivered to the broker (store and forward)',
      ok: produce.undelivered === 0,
      detail: `${produce.undelivered} undelivered, ${produce.resent} sent again after a failed send`,
    },
    {
      name: 'every charge sent got exactly one final outcome (settled or rejected)',
      ok: s.withoutFinal === 0 && s.withSeveralFinals === 0 && s.charges > 0,
      detail: `${s.charges} charges, ${s.withoutFinal} without, ${s.withSeveralFinals} with several`,
    },
    {
      name: 'every reversal answered exactly once',
      ok: s.reversalsUnanswered === 0 && s.reversalsWithSeveralAnswers === 0,
      detail: `${s.reversalsUnanswered} unanswered, ${s.reversalsWithSeveralAnswers} answered more than once`,
    },
    {
      name: 'settled amounts add up (total = fund + share = fund + accounts + cash; legs)',
      ok: s.amountIdentityViolations === 0,
      detail: `${s.amountIdentityViolations} of ${s.settled} settlements break an identity`,
    },
  ];
}

/** The DLQ check: every poison message dead-lettered under its key, bytes untouched, with x-error-code. */
export function deadLetterChecks(d: DeadLetterReport): CheckResult[] {
  return [
    {
      name: 'every poison message on pos.charges.v1.dlq, original key and bytes, x-error-code',
      ok: d.poisonDeadLettered === d.poisonSent && d.poisonAltered === 0,
      detail:
        `${d.poisonDeadLettered} of ${d.poisonSent}; ${d.poisonAltered} altered, ` +
        `${d.poisonWithoutErrorCode} without x-error-code, ${d.poisonMissing} missing`,
    },
  ];
}
