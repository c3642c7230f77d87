import { randomUUID } from 'node:crypto';
import { cloudEvent } from '../events/cloud-event';
import { OutboxEvent, settlementEvent } from '../events/outbox-event';

export type BindingEventType = 'binding.suspended' | 'binding.resumed' | 'binding.revoked';

/**
 * Why a binding changed state, as `data.reason` of its event (and `bindings.status_reason`). A
 * suspension names what about its parties changed; its resumption names the same thing restored.
 */
export const BINDING_CHANGE_REASONS = {
  /** The holder's or the beneficiary's enrollment left ACTIVE. */
  enrollmentLapsed: 'ENROLLMENT_LAPSED',
  enrollmentRestored: 'ENROLLMENT_RESTORED',
  /** The holder is no longer employee-insured with a personal account. */
  insuranceChanged: 'INSURANCE_CHANGED',
  insuranceRestored: 'INSURANCE_RESTORED',
  /** One of them is now insured outside the scope of the binding's policy (another province or city). */
  regionChanged: 'REGION_CHANGED',
  regionRestored: 'REGION_RESTORED',
  /** The binding's relationship is not one its policy allows. */
  relationshipNotAllowed: 'RELATIONSHIP_NOT_ALLOWED',
  relationshipAllowed: 'RELATIONSHIP_ALLOWED',
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
