import {
  checkBindingStanding,
  chinaDate,
  policyOfVersion,
  resolvePolicyAt,
  type BindingSuspensionReason,
  type PolicyBook,
} from '@gongji/domain';
import type { OutboxEvent } from '../events/outbox-event';
import type { RegistryTransaction, StoredBinding } from '../ports/registry-store';
import { BINDING_CHANGE_REASONS, bindingEvent } from './binding-event';

/** The suspension reason (and event reason) for each way a binding loses its standing, and its resumption's. */
const REASONS: Record<BindingSuspensionReason, { suspended: string; resumed: string }> = {
  HOLDER_NOT_INSURED: {
    suspended: BINDING_CHANGE_REASONS.enrollmentLapsed,
    resumed: BINDING_CHANGE_REASONS.enrollmentRestored,
  },
  BENEFICIARY_NOT_INSURED: {
    suspended: BINDING_CHANGE_REASONS.enrollmentLapsed,
    resumed: BINDING_CHANGE_REASONS.enrollmentRestored,
  },
  HOLDER_NOT_EMPLOYEE: {
    suspended: BINDING_CHANGE_REASONS.insuranceChanged,
    resumed: BINDING_CHANGE_REASONS.insuranceRestored,
  },
  CROSS_REGION: { suspended: BINDING_CHANGE_REASONS.regionChanged, resumed: BINDING_CHANGE_REASONS.regionRestored },
  RELATIONSHIP_NOT_ALLOWED: {
    suspended: BINDING_CHANGE_REASONS.relationshipNotAllowed,
    resumed: BINDING_CHANGE_REASONS.relationshipAllowed,
  },
};

/** status_reason values this review set (and so may lift); others (none today) are not its to lift. */
const STANDING_REASONS = new Set(Object.values(REASONS).map((r) => r.suspended));

/**
 * After a person's registration changed (enrollment, insurance type, region): every live binding
 * they are part of is judged again by the rules it was made under (`checkBindingStanding` with the
 * policy its policyVersion names). One that lost its standing is SUSPENDED with the reason and a
 * `binding.suspended`; one suspended by this review whose reason is gone is ACTIVE again with a
 * `binding.resumed`. The person and their counterparts must be locked by the caller
 * (`lockPersonAndCounterparts`), so two changes at once see each other's result.
 */
export async function reviewBindingStanding(
  tx: RegistryTransaction,
  personId: string,
  book: PolicyBook,
  at: Date,
): Promise<OutboxEvent[]> {
  const bindings = await tx.liveBindingsOfPerson(personId, { lock: true });
  if (bindings.length === 0) return [];
  const partyIds = [...new Set(bindings.flatMap((b) => [b.holderId, b.beneficiaryId]))];
  const persons = new Map((await tx.persons(partyIds)).map((p) => [p.personId, p]));
  const events: OutboxEvent[] = [];
  for (const binding of bindings) {
    const holder = persons.get(binding.holderId);
    const beneficiary = persons.get(binding.beneficiaryId);
    if (!holder || !beneficiary) throw new Error(`binding ${binding.bindingId}: a party is not registered`);
    const standing = checkBindingStanding({
      binding,
      holder,
      holderAccount: await tx.account(holder.personId),
      beneficiary,
      holderPolicy: policyOf(book, binding, holder.regionCode, at),
    });
    const change = changeOf(binding, standing.ok ? null : standing.reason);
    if (!change) continue;
    await tx.updateBinding(binding.bindingId, { status: change.status, statusReason: change.statusReason });
    if (change.event) events.push(bindingEvent(change.event.type, binding, change.event.reason, at));
  }
  return events;
}

/** The policy a binding was made under; for a binding from before versions were recorded, today's. */
function policyOf(book: PolicyBook, binding: StoredBinding, holderRegion: string, at: Date) {
  return policyOfVersion(book, binding.policyVersion) ?? resolvePolicyAt(book, holderRegion, chinaDate(at)).policy;
}

function changeOf(
  binding: StoredBinding,
  lost: BindingSuspensionReason | null,
): {
  status: 'ACTIVE' | 'SUSPENDED';
  statusReason: string | null;
  event: { type: 'binding.suspended' | 'binding.resumed'; reason: string } | null;
} | null {
  if (binding.status === 'ACTIVE') {
    if (lost === null) return null;
    const reason = REASONS[lost].suspended;
    return { status: 'SUSPENDED', statusReason: reason, event: { type: 'binding.suspended', reason } };
  }
  if (binding.statusReason === null || !STANDING_REASONS.has(binding.statusReason)) return null;
  if (lost === null) {
    const resumed = Object.values(REASONS).find((r) => r.suspended === binding.statusReason)!.resumed;
    return { status: 'ACTIVE', statusReason: null, event: { type: 'binding.resumed', reason: resumed } };
  }
  // Still suspended, now for another reason: the record says why (no second event).
  const reason = REASONS[lost].suspended;
  return reason === binding.statusReason ? null : { status: 'SUSPENDED', statusReason: reason, event: null };
}
