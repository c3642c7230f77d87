import type { SettlementAmounts, SettlementLeg } from '@gongji/domain';
import { cloudEvent } from '../events/cloud-event';
import { OutboxEvent, settlementEvent } from '../events/outbox-event';
import { stableEventId } from '../events/stable-event-id';

/**
 * The `data` of every settlement event, exactly as CONTRACT.md names it, and the stable event
 * ids: one outcome per (type, subject), so a re-sent outcome always carries the same id.
 */
export interface LegData {
  accountId: string;
  holderId: string;
  relationship: string;
  amountFen: bigint;
  balanceAfterFen: bigint;
}

export interface ChargeSettledData {
  chargeId: string;
  patientId: string;
  merchantId: string;
  terminalId: string;
  settledAt: string;
  amounts: SettlementAmounts;
  legs: LegData[];
  balcFen: bigint | null;
  authorizationId: string | null;
  policyVersion: string;
}

export interface ChargeRejectedData {
  chargeId: string;
  patientId: string | null;
  merchantId: string | null;
  rejectedAt: string;
  reason: { code: string; message: string };
}

export interface AuthorizationRequestedData {
  chargeId: string;
  patientId: string;
  authorizationId: string;
  holderId: string;
  requestedFen: bigint;
  expiresAt: string;
}

export interface ChargeReversedData {
  chargeId: string;
  reversalId: string;
  patientId: string;
  reversedAt: string;
  reversedFen: bigint;
  legs: LegData[];
  originalStatus: 'SETTLED' | 'PENDING_AUTHORIZATION' | 'NOT_RECEIVED';
}

export interface ReversalRejectedData {
  reversalId: string;
  chargeId: string | null;
  rejectedAt: string;
  reason: { code: string; message: string };
}

export function legData(leg: SettlementLeg): LegData {
  return {
    accountId: leg.accountId,
    holderId: leg.holderId,
    relationship: leg.relationship,
    amountFen: leg.amountFen,
    balanceAfterFen: leg.balanceAfterFen,
  };
}

export const eventIds = {
  settled: (chargeId: string) => stableEventId(`charge.settled:${chargeId}`),
  rejected: (chargeId: string) => stableEventId(`charge.rejected:${chargeId}`),
  /** One answer per distinct conflicting content: a re-sent conflicting message gets the same id. */
  conflict: (chargeId: string, hash: string) => stableEventId(`charge.rejected:${chargeId}:conflict:${hash}`),
  authorizationRequested: (chargeId: string) => stableEventId(`charge.authorization-requested:${chargeId}`),
  reversed: (chargeId: string) => stableEventId(`charge.reversed:${chargeId}`),
  reversalRejected: (reversalId: string) => stableEventId(`reversal.rejected:${reversalId}`),
  reversalConflict: (reversalId: string, hash: string) =>
    stableEventId(`reversal.rejected:${reversalId}:conflict:${hash}`),
};

export function chargeSettledEvent(data: ChargeSettledData, at: Date): OutboxEvent {
  return settlementEvent(
    data.patientId,
    cloudEvent('charge.settled', eventIds.settled(data.chargeId), data.chargeId, at, data),
  );
}

export function chargeRejectedEvent(
  data: ChargeRejectedData,
  at: Date,
  id = eventIds.rejected(data.chargeId),
): OutboxEvent {
  // Key by patient when known so the answer lands in the charge's partition order.
  return settlementEvent(data.patientId ?? data.chargeId, cloudEvent('charge.rejected', id, data.chargeId, at, data));
}

export function authorizationRequestedEvent(data: AuthorizationRequestedData, at: Date): OutboxEvent {
  return settlementEvent(
    data.patientId,
    cloudEvent(
      'charge.authorization-requested',
      eventIds.authorizationRequested(data.chargeId),
      data.chargeId,
      at,
      data,
    ),
  );
}

export function chargeReversedEvent(data: ChargeReversedData, at: Date): OutboxEvent {
  return settlementEvent(
    data.patientId,
    cloudEvent('charge.reversed', eventIds.reversed(data.chargeId), data.chargeId, at, data),
  );
}

export function reversalRejectedEvent(
  data: ReversalRejectedData,
  key: string,
  at: Date,
  id = eventIds.reversalRejected(data.reversalId),
): OutboxEvent {
  return settlementEvent(key, cloudEvent('reversal.rejected', id, data.chargeId ?? data.reversalId, at, data));
}
