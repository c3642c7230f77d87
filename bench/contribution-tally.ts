/**
 * Follows the bench's contribution requests to their outcome (`contribution.paid` /
 * `contribution.rejected` on settlement.events.v1): latency from send to the outcome consumed,
 * paid and rejected by code, and any request answered twice or not at all. Pure (times are given,
 * on one clock).
 */
import { latencyStats, type LatencyStats } from '../apps/pos-simulator/src/latency-stats';
import { reasonCode, type SettlementEvent } from '../apps/pos-simulator/src/outcome-tracker';

export interface ContributionStepResult {
  readonly sent: number;
  readonly paid: number;
  readonly rejected: Record<string, number>;
  readonly withoutOutcome: number;
  readonly withSeveralOutcomes: number;
  /** Sent -> outcome consumed, ms. */
  readonly latencyMs: LatencyStats;
}

interface Track {
  sentMs: number | null;
  outcomes: number;
  latencyMs: number | null;
  answeredMs: number | null;
  code: string | null;
}

export class ContributionTally {
  private readonly tracks = new Map<string, Track>();

  expect(contributionId: string): void {
    this.tracks.set(contributionId, { sentMs: null, outcomes: 0, latencyMs: null, answeredMs: null, code: null });
  }

  markSent(contributionId: string, atMs: number): void {
    const t = this.tracks.get(contributionId);
    if (t && t.sentMs === null) t.sentMs = atMs;
  }

  /** True when the event was one of this tally's outcomes. */
  ingest(e: SettlementEvent, consumedMs: number): boolean {
    if (e.type !== 'contribution.paid' && e.type !== 'contribution.rejected') return false;
    const t = this.tracks.get(e.subject);
    if (!t) return false;
    t.outcomes++;
    if (t.outcomes === 1) {
      t.code = e.type === 'contribution.paid' ? null : (reasonCode(e) ?? 'UNKNOWN');
      t.answeredMs = consumedMs;
      if (t.sentMs !== null) t.latencyMs = Math.max(0, consumedMs - t.sentMs);
    }
    return true;
  }

  complete(): boolean {
    for (const t of this.tracks.values()) if (t.outcomes === 0) return false;
    return true;
  }

  /** When each answered contribution got its first outcome. */
  answerTimes(): number[] {
    return [...this.tracks.values()].flatMap((t) => (t.answeredMs === null ? [] : [t.answeredMs]));
  }

  result(): ContributionStepResult {
    let paid = 0;
    let withoutOutcome = 0;
    let withSeveralOutcomes = 0;
    const rejected: Record<string, number> = {};
    const latencies: number[] = [];
    for (const t of this.tracks.values()) {
      if (t.outcomes === 0) withoutOutcome++;
      if (t.outcomes > 1) withSeveralOutcomes++;
      if (t.outcomes === 0) continue;
      if (t.code === null) paid++;
      else rejected[t.code] = (rejected[t.code] ?? 0) + 1;
      if (t.latencyMs !== null) latencies.push(t.latencyMs);
    }
    return {
      sent: this.tracks.size,
      paid,
      rejected,
      withoutOutcome,
      withSeveralOutcomes,
      latencyMs: latencyStats(latencies),
    };
  }
}
