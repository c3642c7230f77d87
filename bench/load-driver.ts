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
import type { SimBinding } from '../apps/pos-simulator/src/population-model';
import { ContributionPlan } from './contribution-plan';
import { ContributionTally, type ContributionStepResult } from './contribution-tally';
import { httpStepResult, type HttpCall, type HttpStepResult } from './http-step-result';
import { latencySplit, sampleOf, type LatencySample } from './latency-split';
import { stepResult, type StepResult } from './step-metrics';

export interface PacedOptions {
  /** Stop producing once this many seconds of offered load are waiting for an answer. */
  readonly maxBacklogS: number;
  readonly drainTimeoutS: number;
}

/** Where HTTP settlement goes: the service's base URL and a token allowed to settle (bureau). */
export interface HttpTarget {
  readonly baseUrl: string;
  readonly token: string;
  /** The call's `waitS` (contract 1.1 §2). */
  readonly waitS: number;
}

/** A paced step with a share of contributions among the charges. */
export interface MixedStepResult {
  readonly charges: StepResult;
  readonly contributions: ContributionStepResult;
}

export class LoadDriver {
  private seq = 0;
  private contributionSeq = 0;
  private readonly active = new Set<OutcomeTracker>();
  private readonly tallies = new Set<ContributionTally>();
  totalSent = 0;
  totalContributionsSent = 0;
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
    /** The population's bindings: who may pay whose contributions. */
    bindings: readonly SimBinding[] = [],
  ) {
    this.contributionPlan = new ContributionPlan(bindings);
    this.isForeign = unknownToAnotherInstance(
      new Set(index.population.merchants.map((m) => m.merchantId)),
      new Set(index.population.persons.map((p) => p.personId)),
    );
  }

  private readonly isForeign: (e: SettlementEvent) => boolean;
  private readonly contributionPlan: ContributionPlan;

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
      if (e.type.startsWith('contribution.')) {
        for (const t of this.tallies) if (t.ingest(e, at)) break;
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

  /**
   * Offers `rate` charges/s of which a `share` are contributions instead (over Kafka), for
   * `durationS` seconds, then waits for every outcome: what contributions cost the charges beside them.
   */
  async mixedPaced(
    label: string,
    rate: number,
    durationS: number,
    share: number,
    o: PacedOptions,
  ): Promise<MixedStepResult> {
    const tracker = this.track();
    const tally = new ContributionTally();
    this.tallies.add(tally);
    const started = monotonicMs();
    const total = Math.round(rate * durationS);
    const maxBacklog = Math.max(1500, rate * o.maxBacklogS);
    let sent = 0;
    let abortedEarly = false;
    while (sent < total) {
      const due = Math.min(total, Math.floor((rate * (monotonicMs() - started)) / 1000));
      const now = new Date();
      for (; sent < due; sent++) {
        if (this.rng.chance(share)) this.sendContribution(tally, now);
        else this.sendCharge(tracker, now);
      }
      if (sent - tracker.answered > maxBacklog) {
        abortedEarly = true;
        break;
      }
      await sleep(5);
    }
    await this.producer.drain();
    const deadline = Date.now() + o.drainTimeoutS * 1000;
    await this.waitComplete(tracker, o.drainTimeoutS);
    while (!tally.complete() && Date.now() < deadline) await sleep(20);
    this.active.delete(tracker);
    this.tallies.delete(tally);
    await resolveAgainstOutbox(this.db, tracker);
    return {
      charges: stepResult(label, rate, tracker, { abortedEarly, wallSeconds: (monotonicMs() - started) / 1000 }),
      contributions: tally.result(),
    };
  }

  /** Produces `n` messages as fast as possible, a `share` of them contributions (the service stopped). */
  async preloadMixed(n: number, share: number): Promise<{ tracker: OutcomeTracker; tally: ContributionTally }> {
    const tracker = this.track();
    const tally = new ContributionTally();
    this.tallies.add(tally);
    const now = new Date();
    for (let i = 0; i < n; i++) {
      if (this.rng.chance(share)) this.sendContribution(tally, now);
      else this.sendCharge(tracker, now);
      if (i % 2000 === 1999) await this.producer.drain();
    }
    await this.producer.drain();
    return { tracker, tally };
  }

  /** Waits until every contribution of `tally` has its outcome, or the timeout; then stops following it. */
  async finishTally(tally: ContributionTally, timeoutS: number): Promise<boolean> {
    const deadline = Date.now() + timeoutS * 1000;
    while (!tally.complete() && Date.now() < deadline) await sleep(20);
    this.tallies.delete(tally);
    return tally.complete();
  }

  /**
   * Offers `rate` charges/s over `POST /v1/charges?waitS=…` for `durationS` seconds (open loop:
   * a call does not wait for the previous one), then waits for every call and every final outcome.
   * Holders' approvals still go over Kafka, as the event tail sees the authorization requests.
   */
  async httpPaced(
    label: string,
    rate: number,
    durationS: number,
    target: HttpTarget,
    o: PacedOptions,
  ): Promise<HttpStepResult> {
    const tracker = this.track();
    const started = monotonicMs();
    const total = Math.round(rate * durationS);
    const maxInFlight = Math.max(1500, rate * o.maxBacklogS);
    const calls: HttpCall[] = [];
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    let abortedEarly = false;
    while (sent < total) {
      const due = Math.min(total, Math.floor((rate * (monotonicMs() - started)) / 1000));
      const now = new Date();
      for (; sent < due; sent++) {
        const { charge } = planCharge(this.index, this.rng, this.seq++, now, PLAIN_MIX);
        tracker.expectCharge(charge.chargeId, null);
        tracker.markProduced(charge.chargeId, monotonicMs());
        this.totalSent++;
        const call = postCharge(target, JSON.stringify(charge)).then((c) => {
          calls.push(c);
          inFlight.delete(call);
        });
        inFlight.add(call);
      }
      if (inFlight.size > maxInFlight) {
        abortedEarly = true;
        break;
      }
      await sleep(5);
    }
    await Promise.all(inFlight);
    await this.waitComplete(tracker, o.drainTimeoutS);
    this.active.delete(tracker);
    await resolveAgainstOutbox(this.db, tracker);
    return httpStepResult(label, rate, calls, { abortedEarly, wallSeconds: (monotonicMs() - started) / 1000 });
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

  private sendContribution(tally: ContributionTally, now: Date): void {
    const c = this.contributionPlan.request(this.contributionSeq++, this.runTag, now);
    tally.expect(c.contributionId);
    this.producer.send(TOPICS.contributionRequests, c.holderId, JSON.stringify(c), (at) =>
      tally.markSent(c.contributionId, at),
    );
    this.totalContributionsSent++;
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

/**
 * One HTTP settlement call, timed on the monotonic clock the trackers use from its first send. A
 * call that got no answer at all (the connection refused or timed out on a saturated machine) is
 * sent again with the same body, as a billing system would: settling is idempotent by chargeId.
 */
async function postCharge(target: HttpTarget, body: string): Promise<HttpCall> {
  const sentMs = monotonicMs();
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${target.baseUrl}/v1/charges?waitS=${target.waitS}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
        body,
      });
      await res.arrayBuffer();
      return { sentMs, doneMs: monotonicMs(), status: res.status, attempts: attempt };
    } catch {
      if (attempt >= HTTP_ATTEMPTS) return { sentMs, doneMs: monotonicMs(), status: 0, attempts: attempt };
      await sleep(200 * attempt);
    }
  }
}

const HTTP_ATTEMPTS = 5;
