/**
 * Drives the service for the bench: paced steps at an offered rate and unthrottled pre-loads,
 * each followed through its own OutcomeTracker; holders approve every authorization request at
 * once, so each charge reaches its final outcome without waiting for expiry.
 */
import { performance } from 'node:perf_hooks';
import type { TailMessage } from '../apps/pos-simulator/src/kafka-io';
import { monotonicMs, type BatchingProducer } from '../apps/pos-simulator/src/kafka-io';
import { TOPICS, type AuthorizationDecision } from '../apps/pos-simulator/src/messages';
import type { Queryable } from '../apps/pos-simulator/src/invariants';
import {
  OutcomeTracker,
  unknownToAnotherInstance,
  type SettlementEvent,
} from '../apps/pos-simulator/src/outcome-tracker';
import { resolveAgainstOutbox } from '../apps/pos-simulator/src/own-events';
import type { Rng } from '../apps/pos-simulator/src/prng';
import { PLAIN_MIX, planCharge, type PopulationIndex } from '../apps/pos-simulator/src/traffic-plan';
import { latencySplit, sampleOf, type LatencySample } from './latency-split';
import { stepResult, type StepResult } from './step-metrics';

export interface PacedOptions {
  /** Stop producing once this many seconds of offered load are waiting for an answer. */
  readonly maxBacklogS: number;
  readonly drainTimeoutS: number;
}

export class LoadDriver {
  private seq = 0;
  private readonly active = new Set<OutcomeTracker>();
  totalSent = 0;
  decisionsSent = 0;
  /** Charges of a paced step not answered yet: when each was sent (wall clock) and its step's samples. */
  private readonly awaitingSplit = new Map<string, { producedMs: number; samples: LatencySample[] }>();

  constructor(
    private readonly index: PopulationIndex,
    private readonly rng: Rng,
    private readonly producer: BatchingProducer,
    /** Every id of this bench run contains it; other events are skipped unparsed. */
    private readonly runTag: string,
    /** The service's database: ambiguous answers are settled against its outbox. */
    private readonly db: Queryable,
  ) {
    this.isForeign = unknownToAnotherInstance(
      new Set(index.population.merchants.map((m) => m.merchantId)),
      new Set(index.population.persons.map((p) => p.personId)),
    );
  }

  private readonly isForeign: (e: SettlementEvent) => boolean;

  /** Feeds consumed settlement events to the active trackers. */
  onEvents(messages: readonly TailMessage[], at: number): void {
    const consumedMs = performance.timeOrigin + at;
    for (const m of messages) {
      const text = m.value?.toString() ?? '';
      if (!text.includes(this.runTag)) continue;
      let e: SettlementEvent;
      try {
        e = JSON.parse(text) as SettlementEvent;
      } catch {
        continue;
      }
      this.splitLatency(e, m.timestamp, consumedMs);
      for (const t of this.active) {
        const notice = t.ingest(e, at);
        if (notice?.kind === 'authorization-requested') {
          const d: AuthorizationDecision = {
            authorizationId: notice.authorizationId,
            holderId: notice.holderId,
            decision: 'APPROVE',
            decidedAt: new Date().toISOString(),
          };
          this.producer.send(TOPICS.authorizationDecisions, notice.holderId, JSON.stringify(d));
          this.decisionsSent++;
        }
        if (notice) break;
      }
    }
  }

  /** Offers `rate` charges/s for `durationS` seconds, then waits for every final outcome. */
  async paced(label: string, rate: number, durationS: number, o: PacedOptions): Promise<StepResult> {
    const tracker = this.track();
    const started = monotonicMs();
    const total = Math.round(rate * durationS);
    const maxBacklog = Math.max(1500, rate * o.maxBacklogS);
    let sent = 0;
    let abortedEarly = false;
    const samples: LatencySample[] = [];
    while (sent < total) {
      const due = Math.min(total, Math.floor((rate * (monotonicMs() - started)) / 1000));
      const now = new Date();
      for (; sent < due; sent++) this.sendCharge(tracker, now, samples);
      if (sent - tracker.answered > maxBacklog) {
        abortedEarly = true;
        break;
      }
      await sleep(5);
    }
    await this.producer.drain();
    await this.waitComplete(tracker, o.drainTimeoutS);
    this.active.delete(tracker);
    await resolveAgainstOutbox(this.db, tracker);
    for (const [chargeId, w] of this.awaitingSplit) if (w.samples === samples) this.awaitingSplit.delete(chargeId);
    return {
      ...stepResult(label, rate, tracker, { abortedEarly, wallSeconds: (monotonicMs() - started) / 1000 }),
      latencySplitMs: latencySplit(samples),
    };
  }

  /** Produces `n` charges as fast as possible (e.g. while the service is stopped). */
  async preload(n: number): Promise<OutcomeTracker> {
    const tracker = this.track();
    const now = new Date();
    for (let i = 0; i < n; i++) {
      this.sendCharge(tracker, now);
      if (i % 2000 === 1999) await this.producer.drain();
    }
    await this.producer.drain();
    return tracker;
  }

  /** Waits until every charge of `tracker` has its final outcome, or the timeout. */
  async waitComplete(tracker: OutcomeTracker, timeoutS: number): Promise<boolean> {
    const deadline = Date.now() + timeoutS * 1000;
    while (Date.now() < deadline) {
      if (tracker.complete()) return true;
      await sleep(20);
    }
    return tracker.complete();
  }

  /** Stops following `tracker` and settles its ambiguous answers. */
  async finish(tracker: OutcomeTracker): Promise<void> {
    this.active.delete(tracker);
    await resolveAgainstOutbox(this.db, tracker);
  }

  private track(): OutcomeTracker {
    const t = new OutcomeTracker({ isForeign: this.isForeign });
    this.active.add(t);
    return t;
  }

  private sendCharge(tracker: OutcomeTracker, now: Date, samples?: LatencySample[]): void {
    const { charge } = planCharge(this.index, this.rng, this.seq++, now, PLAIN_MIX);
    tracker.expectCharge(charge.chargeId, null);
    this.producer.send(TOPICS.charges, charge.patientId, JSON.stringify(charge), (at) => {
      tracker.markProduced(charge.chargeId, at);
      if (samples) this.awaitingSplit.set(charge.chargeId, { producedMs: performance.timeOrigin + at, samples });
    });
    this.totalSent++;
  }

  /** Splits a charge's latency at its first answer (settled, rejected or authorization requested). */
  private splitLatency(e: SettlementEvent, kafkaTimestamp: string, consumedMs: number): void {
    if (e.type !== 'charge.settled' && e.type !== 'charge.rejected' && e.type !== 'charge.authorization-requested')
      return;
    const waiting = this.awaitingSplit.get(e.subject);
    if (!waiting) return;
    this.awaitingSplit.delete(e.subject);
    const sample = sampleOf(waiting.producedMs, e.time, kafkaTimestamp, consumedMs);
    if (sample) waiting.samples.push(sample);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
