/**
 * What one measured step yields, from its tracker: how many charges were answered, at what
 * throughput and latency, and whether the service kept up. Pure.
 */
import { latencyStats, type LatencyStats } from '../apps/pos-simulator/src/latency-stats';
import { reasonCode, type OutcomeTracker } from '../apps/pos-simulator/src/outcome-tracker';
import type { LatencySplit } from './latency-split';

export interface StepResult {
  readonly label: string;
  /** Charges per second offered; null for the unthrottled saturation run. */
  readonly offeredPerS: number | null;
  readonly sent: number;
  /** Charges with a first answer (settled, rejected or authorization-requested). */
  readonly answered: number;
  /** answered / (last answer - first send). */
  readonly achievedPerS: number;
  /** Charge produced -> first answer consumed, ms. */
  readonly latencyMs: LatencyStats;
  /** The same latency in three parts (paced steps only). */
  readonly latencySplitMs?: LatencySplit;
  /** Production stopped early because the backlog grew past the step's bound, or throughput fell short. */
  readonly saturated: boolean;
  readonly settled: number;
  readonly rejected: Record<string, number>;
  readonly authorizationRequests: number;
  readonly withoutFinal: number;
  readonly withSeveralFinals: number;
  /** Answers from another service instance on the shared topics, ignored. */
  readonly foreignAnswers: number;
  readonly wallSeconds: number;
}

/** Kept up: at least 95% of the offered rate and not stopped early. */
export const KEPT_UP_SHARE = 0.95;

export function stepResult(
  label: string,
  offeredPerS: number | null,
  tracker: OutcomeTracker,
  opts: { abortedEarly: boolean; wallSeconds: number },
): StepResult {
  let firstSend = Infinity;
  let lastAnswer = -Infinity;
  let answered = 0;
  let settled = 0;
  let authorizationRequests = 0;
  let withoutFinal = 0;
  let withSeveralFinals = 0;
  const rejected: Record<string, number> = {};
  const latencies: number[] = [];
  for (const c of tracker.charges.values()) {
    if (c.producedAt !== null) firstSend = Math.min(firstSend, c.producedAt);
    if (c.producedAt !== null && c.firstAnswerAt !== null) {
      answered++;
      lastAnswer = Math.max(lastAnswer, c.firstAnswerAt);
      latencies.push(Math.max(0, c.firstAnswerAt - c.producedAt));
    }
    if (c.authorization) authorizationRequests++;
    if (c.finals.length === 0) withoutFinal++;
    if (c.finals.length > 1) withSeveralFinals++;
    const f = c.finals[0];
    if (f?.type === 'charge.settled') settled++;
    else if (f) {
      const code = reasonCode(f) ?? 'UNKNOWN';
      rejected[code] = (rejected[code] ?? 0) + 1;
    }
  }
  const spanS = (lastAnswer - firstSend) / 1000;
  const achievedPerS = answered > 1 && spanS > 0 ? answered / spanS : 0;
  const saturated = opts.abortedEarly || (offeredPerS !== null && achievedPerS < KEPT_UP_SHARE * offeredPerS);
  return {
    label,
    offeredPerS,
    sent: tracker.charges.size,
    answered,
    achievedPerS,
    latencyMs: latencyStats(latencies),
    saturated,
    settled,
    rejected,
    authorizationRequests,
    withoutFinal,
    withSeveralFinals,
    foreignAnswers: tracker.foreignEvents,
    wallSeconds: opts.wallSeconds,
  };
}

/**
 * Throughput of a drained backlog: answers between the first and the last one consumed, so the
 * service's start-up and group join are not counted.
 */
export function drainThroughput(answerTimesMs: readonly number[]): { perS: number; seconds: number } {
  if (answerTimesMs.length < 2) return { perS: 0, seconds: 0 };
  let first = Infinity;
  let last = -Infinity;
  for (const t of answerTimesMs) {
    first = Math.min(first, t);
    last = Math.max(last, t);
  }
  const seconds = (last - first) / 1000;
  return { perS: seconds > 0 ? (answerTimesMs.length - 1) / seconds : 0, seconds };
}
