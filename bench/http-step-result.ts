/**
 * What one paced step of HTTP settlement (`POST /v1/charges?waitS=…`, contract 1.1 §2) yields:
 * the calls' own latency (request sent -> response read), answers per status, and throughput of
 * final answers. Pure: the caller records each call.
 */
import { latencyStats, type LatencyStats } from '../apps/pos-simulator/src/latency-stats';
import { KEPT_UP_SHARE } from './step-metrics';

export interface HttpCall {
  readonly sentMs: number;
  readonly doneMs: number;
  /** HTTP status, or 0 when the call failed without one (connection refused, reset) every time. */
  readonly status: number;
  /** Sends it took (a call without an answer is sent again). */
  readonly attempts?: number;
}

export interface HttpStepResult {
  readonly label: string;
  readonly offeredPerS: number;
  readonly sent: number;
  /** Calls per status: 200 final, 202 not final within waitS, others. */
  readonly byStatus: Record<string, number>;
  /** Calls sent more than once because a send got no answer at all. */
  readonly resent: number;
  /** 200 answers / (last 200 answer - first send). */
  readonly achievedPerS: number;
  /** Of the 200 answers: request sent -> response read, ms. */
  readonly latencyMs: LatencyStats;
  readonly saturated: boolean;
  readonly wallSeconds: number;
}

export function httpStepResult(
  label: string,
  offeredPerS: number,
  calls: readonly HttpCall[],
  opts: { abortedEarly: boolean; wallSeconds: number },
): HttpStepResult {
  const byStatus: Record<string, number> = {};
  const latencies: number[] = [];
  let firstSend = Infinity;
  let lastFinal = -Infinity;
  let resent = 0;
  for (const c of calls) {
    if ((c.attempts ?? 1) > 1) resent++;
    byStatus[String(c.status)] = (byStatus[String(c.status)] ?? 0) + 1;
    firstSend = Math.min(firstSend, c.sentMs);
    if (c.status !== 200) continue;
    latencies.push(Math.max(0, c.doneMs - c.sentMs));
    lastFinal = Math.max(lastFinal, c.doneMs);
  }
  const finals = latencies.length;
  const spanS = (lastFinal - firstSend) / 1000;
  const achievedPerS = finals > 0 && spanS > 0 ? finals / spanS : 0;
  return {
    label,
    offeredPerS,
    sent: calls.length,
    byStatus,
    resent,
    achievedPerS,
    latencyMs: latencyStats(latencies),
    saturated: opts.abortedEarly || finals < calls.length * KEPT_UP_SHARE || achievedPerS < offeredPerS * KEPT_UP_SHARE,
    wallSeconds: opts.wallSeconds,
  };
}
