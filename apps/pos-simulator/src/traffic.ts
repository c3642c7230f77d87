/**
 * Plays the terminals and the holders: charges at a steady rate, exact re-sends and re-used ids,
 * reversals after the outcome or before the charge (a terminal timeout), and holders answering
 * (or ignoring) authorization requests; then waits until every charge has its final outcome.
 */
import { chinaTimestamp } from './china-time';
import { poisonMessage, type PoisonMessage } from './dead-letters';
import { monotonicMs, type BatchingProducer } from './kafka-io';
import type { HttpSettlement } from './http-settlement';
import { TOPICS, type AuthorizationDecision, type ChargeRequested, type ReversalRequested } from './messages';
import type { OutcomeTracker, TrackerNotice } from './outcome-tracker';
import { Rng } from './prng';
import { ZERO_COUNTERS, type TrafficCounters } from './run-summary';
import { conflictingCopy, planCharge, type ChargePlan, type PopulationIndex, type TrafficMix } from './traffic-plan';

export interface TrafficOptions {
  readonly rate: number;
  readonly durationS: number;
  /** After the last charge: how long to wait for outstanding outcomes. */
  readonly drainTimeoutS: number;
  /** Hard cap on the wait, including authorizations left to expire. */
  readonly maxWaitS: number;
  readonly mix: TrafficMix;
  /** How long a reversal sent before its charge may take to be seen before the charge goes anyway. */
  readonly heldChargeFallbackMs?: number;
  /** Share of extra unreadable messages sent to pos.charges.v1 (0: none). */
  readonly poisonShare?: number;
  /** Told of every poison message sent (to follow it to the DLQ). */
  readonly onPoison?: (m: PoisonMessage) => void;
  /** Prefix of the poison messages' keys and text. */
  readonly runId?: string;
  /** Merchants that settle over HTTP send their charges and reversals there instead of Kafka. */
  readonly http?: HttpSettlement;
}

export interface TrafficProgress {
  readonly phase: 'sending' | 'draining' | 'done';
  readonly planned: number;
  readonly produced: number;
  readonly finals: number;
  readonly awaitingHolders: number;
}

export class TrafficRunner {
  readonly counters: TrafficCounters = { ...ZERO_COUNTERS };
  private readonly plans = new Map<string, ChargePlan>();
  private readonly held = new Map<string, ChargePlan>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly rng: Rng;
  private readonly poisonRng: Rng;
  /** When each charge was planned (ms since the epoch), for a drill to tell which fault it met. */
  readonly plannedAt = new Map<string, number>();
  private readonly reversals = new ReversalBook();
  private stopRequested = false;
  /** How long charges were sent (the duration, or less after `requestStop`), s. */
  sendingSeconds = 0;
  private sentCharges = 0;
  private finals = 0;
  private awaitingHolders = 0;
  private latestExpiry = 0;
  private phase: TrafficProgress['phase'] = 'sending';

  constructor(
    private readonly index: PopulationIndex,
    private readonly producer: BatchingProducer,
    private readonly tracker: OutcomeTracker,
    seed: number,
    private readonly opts: TrafficOptions,
  ) {
    this.rng = new Rng(seed).fork('traffic');
    this.poisonRng = new Rng(seed).fork('poison');
  }

  get planned(): number {
    return this.stopRequested ? this.sentCharges : Math.round(this.opts.rate * this.opts.durationS);
  }

  /** Stops sending new charges (what is due already goes); the run then drains as after its duration. */
  requestStop(): void {
    this.stopRequested = true;
  }

  progress(): TrafficProgress {
    return {
      phase: this.phase,
      planned: this.planned,
      produced: this.counters.chargesProduced,
      finals: this.finals,
      awaitingHolders: this.awaitingHolders,
    };
  }

  /** The merchant and terminal that sent a charge of this run. */
  sender(chargeId: string): { merchantId: string; terminalId: string } | undefined {
    const c = this.plans.get(chargeId)?.charge;
    return c && { merchantId: c.merchantId, terminalId: c.terminalId };
  }

  /** Reacts to what the service answered (called by the events consumer). */
  onNotice(notice: TrackerNotice): void {
    switch (notice.kind) {
      case 'final': {
        this.finals++;
        const plan = this.plans.get(notice.chargeId);
        if (plan?.authorization && this.tracker.charges.get(notice.chargeId)?.authorization) this.awaitingHolders--;
        if (plan?.reversal?.when === 'AFTER_OUTCOME' && notice.event.type === 'charge.settled') {
          const reversal = plan.reversal;
          this.later(reversal.delayMs, () => this.sendReversal(plan, reversal.reversalId, reversal.reason));
        }
        return;
      }
      case 'authorization-requested': {
        const plan = this.plans.get(notice.chargeId);
        if (!plan) return;
        this.awaitingHolders++;
        const { answer, delayMs } = plan.authorization;
        if (answer === 'NONE') {
          this.counters.leftToExpire++;
          this.latestExpiry = Math.max(this.latestExpiry, Date.parse(notice.expiresAt));
          return;
        }
        if (answer === 'WALK_AWAY') {
          this.counters.walkAways++;
          const reversalId =
            plan.reversal?.reversalId ?? `${plan.charge.merchantId}:${plan.charge.terminalId}:W${plan.seq}`;
          // The pending charge is reversed: its after-outcome reversal, if any, is not sent later.
          this.plans.set(plan.charge.chargeId, { ...plan, reversal: null });
          this.later(delayMs, () => this.sendReversal(plan, reversalId, 'TIMEOUT'));
          return;
        }
        const decision: AuthorizationDecision = {
          authorizationId: notice.authorizationId,
          holderId: notice.holderId,
          decision: answer,
          decidedAt: chinaTimestamp(new Date()),
        };
        this.later(delayMs, () => {
          if (answer === 'APPROVE') this.counters.approvalsSent++;
          else this.counters.declinesSent++;
          this.producer.send(TOPICS.authorizationDecisions, notice.holderId, JSON.stringify(decision));
        });
        return;
      }
      case 'reversed': {
        if (notice.originalStatus === 'NOT_RECEIVED') this.release(notice.chargeId);
        return;
      }
      case 'reversal-rejected':
        return;
    }
  }

  /** Sends the traffic, then waits for the outcomes; `onProgress` is called a few times a second. */
  async run(onProgress?: (p: TrafficProgress) => void): Promise<void> {
    const total = this.planned;
    const started = monotonicMs();
    let seq = 0;
    let lastReport = 0;
    const poisonShare = this.opts.poisonShare ?? 0;
    while (seq < total && !this.stopRequested) {
      const due = Math.min(total, Math.floor((this.opts.rate * (monotonicMs() - started)) / 1000));
      const now = new Date();
      for (; seq < due; seq++) {
        this.dispatch(planCharge(this.index, this.rng, seq, now, this.opts.mix));
        if (poisonShare > 0 && this.poisonRng.chance(poisonShare)) this.sendPoison();
      }
      this.sentCharges = seq;
      this.sendingSeconds = (monotonicMs() - started) / 1000;
      if (onProgress && monotonicMs() - lastReport > 200) {
        lastReport = monotonicMs();
        onProgress(this.progress());
      }
      await sleep(5);
    }
    this.phase = 'draining';
    const drainStart = Date.now();
    const hardStop = drainStart + this.opts.maxWaitS * 1000;
    for (;;) {
      // Bounded: while the broker is away the store and forward holds the messages, and the
      // deadline below still counts.
      await this.producer.drain(1000);
      if (this.tracker.complete() && this.held.size === 0 && this.timers.size === 0) break;
      const deadline = Math.min(
        hardStop,
        Math.max(drainStart + this.opts.drainTimeoutS * 1000, this.latestExpiry + 15_000),
      );
      if (Date.now() > deadline) break;
      onProgress?.(this.progress());
      await sleep(200);
    }
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.phase = 'done';
    onProgress?.(this.progress());
  }

  private dispatch(plan: ChargePlan): void {
    this.plans.set(plan.charge.chargeId, plan);
    this.plannedAt.set(plan.charge.chargeId, Date.now());
    if (plan.reversal?.when === 'BEFORE_CHARGE') {
      // The terminal timed out and reversed; the charge itself arrives late.
      this.tracker.expectCharge(plan.charge.chargeId, null);
      this.held.set(plan.charge.chargeId, plan);
      this.sendReversal(plan, plan.reversal.reversalId, plan.reversal.reason);
      this.counters.reversalsBeforeCharge++;
      this.later(this.opts.heldChargeFallbackMs ?? 5000, () => this.release(plan.charge.chargeId));
      return;
    }
    this.sendCharge(plan);
  }

  private sendPoison(): void {
    const m = poisonMessage(this.opts.runId ?? 'sim', this.counters.poisonSent, this.poisonRng);
    this.counters.poisonSent++;
    this.opts.onPoison?.(m);
    this.producer.send(TOPICS.charges, m.key, m.value);
  }

  private release(chargeId: string): void {
    const plan = this.held.get(chargeId);
    if (!plan) return;
    this.held.delete(chargeId);
    this.sendCharge(plan);
  }

  private sendCharge(plan: ChargePlan): void {
    const { charge } = plan;
    const value = JSON.stringify(charge);
    this.tracker.expectCharge(charge.chargeId, null);
    const http = this.opts.http?.handles(charge.merchantId) ? this.opts.http : null;
    const send = (c: ChargeRequested, text: string, onSent?: (at: number) => void) => {
      if (http) http.charge(c, onSent);
      else this.producer.send(TOPICS.charges, c.patientId, text, onSent);
    };
    send(charge, value, (at) => this.tracker.markProduced(charge.chargeId, at));
    this.counters.chargesProduced++;
    if (plan.duplicateAfterMs !== null) {
      this.later(plan.duplicateAfterMs, () => {
        this.counters.exactResends++;
        send(charge, value);
      });
    }
    if (plan.conflictAfterMs !== null) {
      this.later(plan.conflictAfterMs, () => {
        this.counters.conflictingResends++;
        const copy = conflictingCopy(charge);
        send(copy, JSON.stringify(copy));
      });
    }
  }

  private sendReversal(plan: ChargePlan, reversalId: string, reason: ReversalRequested['reason']): void {
    const c = plan.charge;
    const { value, first } = this.reversals.message(reversalId, () => ({
      reversalId,
      chargeId: c.chargeId,
      merchantId: c.merchantId,
      terminalId: c.terminalId,
      patientId: c.patientId,
      requestedAt: chinaTimestamp(new Date()),
      reason,
    }));
    this.tracker.expectReversal(reversalId, c.chargeId);
    if (first) this.counters.reversalsSent++;
    if (this.opts.http?.handles(c.merchantId)) this.opts.http.reversal(JSON.parse(value) as ReversalRequested);
    else this.producer.send(TOPICS.reversals, c.patientId, value);
  }

  private later(ms: number, action: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      action();
    }, ms);
    this.timers.add(t);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The reversals a terminal has built, by id: a reversal sent again (a walk-away for a charge whose
 * reversal already went before it, when the charge was late) is the same message, byte for byte,
 * never a new one with a new requestedAt (which the service rightly answers REVERSAL_CONFLICT).
 */
export class ReversalBook {
  private readonly built = new Map<string, string>();

  message(reversalId: string, build: () => ReversalRequested): { value: string; first: boolean } {
    const known = this.built.get(reversalId);
    if (known !== undefined) return { value: known, first: false };
    const value = JSON.stringify(build());
    this.built.set(reversalId, value);
    return { value, first: true };
  }
}
