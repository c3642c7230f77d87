/**
 * Where each charge's end-to-end latency went, from four readings of the one wall clock of this
 * machine: the load generator's send, the service's decision time (the answer's CloudEvents
 * `time`: the transaction's clock, read as it starts), the relay's send (the answer's Kafka
 * timestamp) and the load generator's receipt. The service's two readings have millisecond
 * resolution, so a part can read a millisecond short (never below zero here). Pure.
 */
import { latencyStats, type LatencyStats } from '../apps/pos-simulator/src/latency-stats';

export interface LatencySample {
  readonly producedMs: number;
  readonly decidedMs: number;
  readonly publishedMs: number;
  readonly consumedMs: number;
}

export interface LatencySplit {
  /** Sent -> its transaction starts: the produce request, the broker, the fetch, decoding, waiting for the lane. */
  readonly toTransactionMs: LatencyStats;
  /** Transaction start -> the relay sends the answer: the transaction and its commit, the hand-off to the relay. */
  readonly transactionToPublishMs: LatencyStats;
  /** The relay sends -> the load generator has it: the relay's produce request, the broker, the fetch. */
  readonly publishToConsumeMs: LatencyStats;
}

export function latencySplit(samples: readonly LatencySample[]): LatencySplit {
  const part = (from: (s: LatencySample) => number, to: (s: LatencySample) => number) =>
    latencyStats(samples.map((s) => Math.max(0, to(s) - from(s))));
  return {
    toTransactionMs: part(
      (s) => s.producedMs,
      (s) => s.decidedMs,
    ),
    transactionToPublishMs: part(
      (s) => s.decidedMs,
      (s) => s.publishedMs,
    ),
    publishToConsumeMs: part(
      (s) => s.publishedMs,
      (s) => s.consumedMs,
    ),
  };
}

/** A sample from an answer event, or null when its clocks are missing or unreadable. */
export function sampleOf(
  producedMs: number,
  eventTime: unknown,
  kafkaTimestamp: string | undefined,
  consumedMs: number,
): LatencySample | null {
  const decidedMs = typeof eventTime === 'string' ? Date.parse(eventTime) : NaN;
  const publishedMs = Number(kafkaTimestamp);
  if (!Number.isFinite(decidedMs) || !Number.isFinite(publishedMs) || kafkaTimestamp === undefined) return null;
  return { producedMs, decidedMs, publishedMs, consumedMs };
}
