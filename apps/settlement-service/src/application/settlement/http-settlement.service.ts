import { Injectable } from '@nestjs/common';
import { TOPICS } from '../../shared/topics';
import { InboundGateway, OutcomeSubject, OutcomeWatcher } from '../ports/inbound-gateway';
import { SettlementStore } from '../ports/settlement-store';

/** A final answer (the event's data plus `status`), or where things stand when the wait ended. */
export type SettlementAnswer =
  | { final: true; merchantId: string | null; body: Record<string, unknown> }
  | { final: false; merchantId: string | null; body: { status: string } & Record<string, unknown> };

/** The longest a caller may wait (contract 1.1 §2: 0 to 30 s). */
export const MAX_WAIT_S = 30;

/**
 * Settlement over HTTP (contract 1.1 §2, the insurer's 2207-style call): a charge or reversal is
 * put on its inbound topic (keyed by patient, as a terminal would) and settled by the same lane,
 * idempotency and batching as any other; the caller waits up to `waitS` for the committed final
 * outcome, woken by the outcome listener rather than polling. Several instances answer alike:
 * each one's listener sees every event.
 */
@Injectable()
export class HttpSettlement {
  constructor(
    private readonly inbound: InboundGateway,
    private readonly outcomes: OutcomeWatcher,
    private readonly store: SettlementStore,
  ) {}

  /** `body` is a ChargeRequested the caller has validated (the consumer validates it again). */
  submitCharge(body: { chargeId: string; patientId: string }, waitS: number): Promise<SettlementAnswer> {
    return this.submit(TOPICS.charges, body.patientId, body, { chargeId: body.chargeId }, waitS);
  }

  /** `body` is a ReversalRequested the caller has validated. */
  submitReversal(body: { reversalId: string; patientId: string }, waitS: number): Promise<SettlementAnswer> {
    return this.submit(TOPICS.reversals, body.patientId, body, { reversalId: body.reversalId }, waitS);
  }

  /** A charge's outcome, waiting up to `waitS` for a final one; null when never received. */
  async chargeOutcome(chargeId: string, waitS: number): Promise<SettlementAnswer | null> {
    const watch = this.outcomes.watch({ chargeId });
    try {
      return await this.awaitFinal({ chargeId }, waitS, watch.next.bind(watch), false);
    } finally {
      watch.close();
    }
  }

  /** A charge's latest outcome as it stands (contract v1's GET): its event's data plus `status`. */
  async currentCharge(chargeId: string): Promise<{ merchantId: string | null; body: Record<string, unknown> } | null> {
    const state = await this.store.chargeState(chargeId);
    return state ? { merchantId: state.merchantId, body: { ...state.outcome, status: state.status } } : null;
  }

  private async submit(
    topic: string,
    key: string,
    body: object,
    subject: OutcomeSubject,
    waitS: number,
  ): Promise<SettlementAnswer> {
    // Watching before sending: news that comes at once is not missed.
    const watch = this.outcomes.watch(subject);
    try {
      // Keyed by patient, as a terminal keys it: the same partition, so the same order.
      await this.inbound.publish(topic, key, JSON.stringify(body));
      return (await this.awaitFinal(subject, waitS, watch.next.bind(watch), true))!;
    } finally {
      watch.close();
    }
  }

  /** Reads the committed state now and after each piece of news, until final or the time is up. */
  private async awaitFinal(
    subject: OutcomeSubject,
    waitS: number,
    next: (timeoutMs: number) => Promise<boolean>,
    sent: boolean,
  ): Promise<SettlementAnswer | null> {
    const deadline = Date.now() + waitS * 1000;
    for (;;) {
      const answer = await this.current(subject);
      if (answer?.final) return answer;
      const left = deadline - Date.now();
      if (left <= 0) {
        if (answer) return answer;
        if (!sent) return null;
        const pending = 'chargeId' in subject ? { chargeId: subject.chargeId } : { reversalId: subject.reversalId };
        return { final: false, merchantId: null, body: { ...pending, status: 'RECEIVED' } };
      }
      await next(left);
    }
  }

  private async current(subject: OutcomeSubject): Promise<SettlementAnswer | null> {
    if ('chargeId' in subject) {
      const state = await this.store.chargeState(subject.chargeId);
      if (!state) return null;
      if (state.status === 'PENDING_AUTHORIZATION') {
        return {
          final: false,
          merchantId: state.merchantId,
          body: { chargeId: subject.chargeId, status: state.status },
        };
      }
      return { final: true, merchantId: state.merchantId, body: { ...state.outcome, status: state.status } };
    }
    const state = await this.store.reversalState(subject.reversalId);
    if (!state) return null;
    const status = state.status === 'REJECTED' ? 'REJECTED' : 'REVERSED';
    return { final: true, merchantId: state.merchantId, body: { ...state.outcome, status } };
  }
}
