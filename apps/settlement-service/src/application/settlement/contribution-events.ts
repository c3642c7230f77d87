import { cloudEvent } from '../events/cloud-event';
import { OutboxEvent, settlementEvent } from '../events/outbox-event';
import { stableEventId } from '../events/stable-event-id';

/** The `data` of contribution events (contract 1.1 §1), keyed by holderId, subject = contributionId. */
export interface ContributionPaidData {
  contributionId: string;
  holderId: string;
  beneficiaryId: string;
  relationship: string;
  scheme: string;
  period: string;
  amountFen: bigint;
  payeeId: string;
  balanceAfterFen: bigint;
  paidAt: string;
  policyVersion: string;
}

export interface ContributionRejectedData {
  contributionId: string;
  holderId: string | null;
  rejectedAt: string;
  reason: { code: string; message: string };
}

export interface ContributionRefundedData {
  contributionId: string;
  refundId: string;
  amountFen: bigint;
  balanceAfterFen: bigint;
  refundedAt: string;
}

/** One outcome per (type, contribution); a conflicting re-send is answered once per content. */
export const contributionEventIds = {
  paid: (id: string) => stableEventId(`contribution.paid:${id}`),
  rejected: (id: string) => stableEventId(`contribution.rejected:${id}`),
  conflict: (id: string, hash: string) => stableEventId(`contribution.rejected:${id}:conflict:${hash}`),
  refunded: (id: string) => stableEventId(`contribution.refunded:${id}`),
};

export function contributionPaidEvent(data: ContributionPaidData, at: Date): OutboxEvent {
  return settlementEvent(
    data.holderId,
    cloudEvent('contribution.paid', contributionEventIds.paid(data.contributionId), data.contributionId, at, data),
  );
}

export function contributionRejectedEvent(
  data: ContributionRejectedData,
  at: Date,
  id = contributionEventIds.rejected(data.contributionId),
): OutboxEvent {
  return settlementEvent(
    data.holderId ?? data.contributionId,
    cloudEvent('contribution.rejected', id, data.contributionId, at, data),
  );
}

export function contributionRefundedEvent(data: ContributionRefundedData, holderId: string, at: Date): OutboxEvent {
  return settlementEvent(
    holderId,
    cloudEvent(
      'contribution.refunded',
      contributionEventIds.refunded(data.contributionId),
      data.contributionId,
      at,
      data,
    ),
  );
}
