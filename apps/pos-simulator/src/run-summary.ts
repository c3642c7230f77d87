/**
 * The arithmetic of a run's summary, from the tracked events: outcomes by type and reason, money
 * by source (own account, relatives, cash) summed from the settled events' amounts, and the
 * contract's identities checked on every settlement. Pure.
 */
import { latencyStats, type LatencyStats } from './latency-stats';
import { reasonCode, type OutcomeTracker, type SettlementEvent } from './outcome-tracker';

export interface TrafficCounters {
  chargesProduced: number;
  exactResends: number;
  conflictingResends: number;
  reversalsSent: number;
  reversalsBeforeCharge: number;
  approvalsSent: number;
  declinesSent: number;
  /** Authorization requests deliberately left unanswered (they expire). */
  leftToExpire: number;
  /** Pending charges reversed because the patient left. */
  walkAways: number;
  /** Unreadable messages (not JSON) sent to pos.charges.v1 (--poison-share). */
  poisonSent: number;
}

export const ZERO_COUNTERS: TrafficCounters = {
  chargesProduced: 0,
  exactResends: 0,
  conflictingResends: 0,
  reversalsSent: 0,
  reversalsBeforeCharge: 0,
  approvalsSent: 0,
  declinesSent: 0,
  leftToExpire: 0,
  walkAways: 0,
  poisonSent: 0,
};

export interface MoneySummary {
  medfeeFen: bigint;
  fundFen: bigint;
  psnPartFen: bigint;
  ineligibleFen: bigint;
  /** acctPayFen - acctMulaidPayFen: paid from the patient's own account. */
  ownAccountsFen: bigint;
  /** acctMulaidPayFen: paid from relatives' accounts (mutual aid). */
  relativesFen: bigint;
  /** psnCashPayFen. */
  cashFen: bigint;
  /** Returned to accounts by reversals of settled charges. */
  reversedFen: bigint;
}

export interface RunSummary {
  charges: number;
  settled: number;
  /** Settlements with at least one relative's leg. */
  settledWithMutualAid: number;
  /** Settlements that waited for a holder's answer (or its expiry). */
  settledAfterAuthorization: number;
  rejectedByReason: Record<string, number>;
  /** Charges without a final outcome (must be 0). */
  withoutFinal: number;
  /** Charges with more than one distinct final outcome (must be 0). */
  withSeveralFinals: number;
  authorizationRequests: number;
  conflictAnswers: number;
  redeliveredEvents: number;
  reversalsApplied: Record<string, number>;
  reversalsRejected: Record<string, number>;
  reversalsUnanswered: number;
  /** Reversals answered more than once (must be 0). */
  reversalsWithSeveralAnswers: number;
  /** Answers from another service instance on the shared topics, ignored. */
  foreignEvents: number;
  money: MoneySummary;
  /** Settled events whose amounts break a contract identity (must be 0). */
  amountIdentityViolations: number;
  /** Charge produced -> first answer consumed (settled, rejected or authorization-requested), ms. */
  latency: LatencyStats;
  counters: TrafficCounters;
}

const n = (v: unknown): bigint => BigInt(typeof v === 'number' && Number.isSafeInteger(v) ? v : 0);

export function summarize(tracker: OutcomeTracker, counters: TrafficCounters): RunSummary {
  const money: MoneySummary = {
    medfeeFen: 0n,
    fundFen: 0n,
    psnPartFen: 0n,
    ineligibleFen: 0n,
    ownAccountsFen: 0n,
    relativesFen: 0n,
    cashFen: 0n,
    reversedFen: 0n,
  };
  const rejectedByReason: Record<string, number> = {};
  const latencies: number[] = [];
  let settled = 0;
  let withMutualAid = 0;
  let afterAuthorization = 0;
  let withoutFinal = 0;
  let withSeveralFinals = 0;
  let authorizationRequests = 0;
  let conflictAnswers = 0;
  let violations = 0;

  for (const c of tracker.charges.values()) {
    if (c.producedAt !== null && c.firstAnswerAt !== null) latencies.push(Math.max(0, c.firstAnswerAt - c.producedAt));
    if (c.authorization) authorizationRequests++;
    conflictAnswers += c.conflictAnswers;
    for (const r of c.reversals) money.reversedFen += BigInt(r.reversedFen);
    if (c.finals.length === 0) withoutFinal++;
    if (c.finals.length > 1) withSeveralFinals++;
    const final = c.finals[0];
    if (!final) continue;
    if (final.type === 'charge.settled') {
      settled++;
      const a = (final.data.amounts ?? {}) as Record<string, unknown>;
      money.medfeeFen += n(a.medfeeSumamtFen);
      money.fundFen += n(a.fundPaySumamtFen);
      money.psnPartFen += n(a.psnPartAmtFen);
      money.ineligibleFen += n(a.ineligibleFen);
      money.ownAccountsFen += n(a.acctPayFen) - n(a.acctMulaidPayFen);
      money.relativesFen += n(a.acctMulaidPayFen);
      money.cashFen += n(a.psnCashPayFen);
      if (n(a.acctMulaidPayFen) > 0n) withMutualAid++;
      if (final.data.authorizationId) afterAuthorization++;
      if (!amountsAddUp(final)) violations++;
    } else {
      const code = reasonCode(final) ?? 'UNKNOWN';
      rejectedByReason[code] = (rejectedByReason[code] ?? 0) + 1;
    }
  }

  const reversalsApplied: Record<string, number> = {};
  const reversalsRejected: Record<string, number> = {};
  let reversalsUnanswered = 0;
  let reversalsWithSeveralAnswers = 0;
  for (const r of tracker.reversals.values()) {
    const first = r.outcomes[0]?.outcome;
    if (r.outcomes.length > 1) reversalsWithSeveralAnswers++;
    if (!first) reversalsUnanswered++;
    else if (first.type === 'charge.reversed') {
      reversalsApplied[first.originalStatus] = (reversalsApplied[first.originalStatus] ?? 0) + 1;
    } else reversalsRejected[first.code] = (reversalsRejected[first.code] ?? 0) + 1;
  }

  return {
    charges: tracker.charges.size,
    settled,
    settledWithMutualAid: withMutualAid,
    settledAfterAuthorization: afterAuthorization,
    rejectedByReason,
    withoutFinal,
    withSeveralFinals,
    authorizationRequests,
    conflictAnswers,
    redeliveredEvents: tracker.redeliveredEvents,
    reversalsApplied,
    reversalsRejected,
    reversalsUnanswered,
    reversalsWithSeveralAnswers,
    foreignEvents: tracker.foreignEvents,
    money,
    amountIdentityViolations: violations,
    latency: latencyStats(latencies),
    counters,
  };
}

/**
 * The contract's identities on one charge.settled: total = fund + personal share, personal share =
 * accounts + cash, relatives' part within the account part, legs summing to the account part and
 * the SELF legs to the patient's own part.
 */
export function amountsAddUp(e: SettlementEvent): boolean {
  const a = (e.data.amounts ?? {}) as Record<string, unknown>;
  const legs = Array.isArray(e.data.legs) ? (e.data.legs as Record<string, unknown>[]) : [];
  const acct = n(a.acctPayFen);
  const mulaid = n(a.acctMulaidPayFen);
  const legSum = legs.reduce((s, l) => s + n(l.amountFen), 0n);
  const selfSum = legs.filter((l) => l.relationship === 'SELF').reduce((s, l) => s + n(l.amountFen), 0n);
  return (
    n(a.medfeeSumamtFen) === n(a.fundPaySumamtFen) + n(a.psnPartAmtFen) &&
    n(a.psnPartAmtFen) === acct + n(a.psnCashPayFen) &&
    mulaid >= 0n &&
    mulaid <= acct &&
    legSum === acct &&
    selfSum === acct - mulaid
  );
}
