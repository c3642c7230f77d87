/**
 * Drives the service for the bench: paced steps at an offered rate and unthrottled pre-loads,
 * each followed through its own OutcomeTracker; holders approve every authorization request at
 * once, so each charge reaches its final outcome without waiting for expiry.
 */
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
    for (const m of messages) {
      const text = m.value?.toString() ?? '';
      if (!text.includes(this.runTag)) continue;
      let e: SettlementEvent;
      try {
        e = JSON.parse(text) as SettlementEvent;
      } catch {
        continue;
      }
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
    while (sent < total) {
      const due = Math.min(total, Math.floor((rate * (monotonicMs() - started)) / 1000));
      const now = new Date();
      for (; sent < due; sent++) this.sendCharge(tracker, now);
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
    return stepResult(label, rate, tracker, { abortedEarly, wallSeconds: (monotonicMs() - started) / 1000 });
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

  private sendCharge(tracker: OutcomeTracker, now: Date): void {
    const { charge } = planCharge(this.index, this.rng, this.seq++, now, PLAIN_MIX);
    tracker.expectCharge(charge.chargeId, null);
    this.producer.send(TOPICS.charges, charge.patientId, JSON.stringify(charge), (at) =>
      tracker.markProduced(charge.chargeId, at),
    );
    this.totalSent++;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
