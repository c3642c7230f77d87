import { randomUUID } from 'node:crypto';
import { cloudEvent } from '../../application/events/cloud-event';
import { OutboxEvent, settlementEvent } from '../../application/events/outbox-event';

export type BindingEventType = 'binding.suspended' | 'binding.resumed' | 'binding.revoked';

/** Why a binding changed state, as `data.reason` of its event (and `bindings.status_reason`). */
export const BINDING_CHANGE_REASONS = {
  enrollmentLapsed: 'ENROLLMENT_LAPSED',
  enrollmentRestored: 'ENROLLMENT_RESTORED',
  revokedByHolder: 'REVOKED_BY_HOLDER',
  revokedByBureau: 'REVOKED_BY_BUREAU',
} as const;

export interface BindingParties {
  bindingId: string;
  holderId: string;
  beneficiaryId: string;
}

/** `data` of binding events on settlement.events.v1 (contract: bindingId, holderId, beneficiaryId, reason, at). */
export interface BindingEventData extends BindingParties {
  reason: string;
  at: string;
}

/**
 * One binding state change as an outbox row: keyed by holderId, subject = bindingId. The id is
 * made once for the change and stored with it, so a re-sent event keeps it.
 */
export function bindingEvent(type: BindingEventType, parties: BindingParties, reason: string, at: Date): OutboxEvent {
  const data: BindingEventData = {
    bindingId: parties.bindingId,
    holderId: parties.holderId,
    beneficiaryId: parties.beneficiaryId,
    reason,
    at: at.toISOString(),
  };
  return settlementEvent(parties.holderId, cloudEvent(type, randomUUID(), parties.bindingId, at, data));
}
