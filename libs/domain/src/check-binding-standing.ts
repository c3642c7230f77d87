/**
 * Whether a binding may still pay, judged on its parties as they are now and the holder's policy
 * now: "when a member's insurance lapses or changes … the binding stops working" (seed 003:
 * 家人参保中断…共济关系自动失效). The engine asks it at every draw; the app asks it when a person
 * changes, to suspend the binding (or resume it once the reason is gone). The binding's own status
 * and the holder's balance are not part of it: a status is what the app sets from this answer,
 * and an empty account stops draws (see isFundingSourceEffective) without suspending anything.
 *
 * Suspension reasons (closed set), first failing wins, in this order:
 *   HOLDER_NOT_INSURED       the holder's enrollment is not ACTIVE
 *   HOLDER_NOT_EMPLOYEE      the holder is no longer employee-insured, or has no personal account
 *   BENEFICIARY_NOT_INSURED  the beneficiary's enrollment is not ACTIVE
 *   RELATIONSHIP_NOT_ALLOWED the holder's policy no longer allows the binding's relationship
 *   CROSS_REGION             the two are no longer insured within the holder's policy scope
 *                            (another province, or another city where the scope is the pooling area)
 */
import type { Account } from './model/account';
import type { Binding } from './model/binding';
import type { Person } from './model/person';
import type { RegionPolicy } from './region-policy';
import { describeScope, isWithinScope } from './region-scope';

export const BINDING_SUSPENSION_REASONS = [
  'HOLDER_NOT_INSURED',
  'HOLDER_NOT_EMPLOYEE',
  'BENEFICIARY_NOT_INSURED',
  'RELATIONSHIP_NOT_ALLOWED',
  'CROSS_REGION',
] as const;
export type BindingSuspensionReason = (typeof BINDING_SUSPENSION_REASONS)[number];

export interface BindingStandingInput {
  readonly binding: Binding;
  readonly holder: Person;
  /** The holder's personal account; null when there is none. */
  readonly holderAccount: Account | null;
  readonly beneficiary: Person;
  /** The holder's region policy in force now. */
  readonly holderPolicy: RegionPolicy;
}

export type BindingStanding =
  { readonly ok: true } | { readonly ok: false; readonly reason: BindingSuspensionReason; readonly message: string };

const IN_GOOD_STANDING: BindingStanding = { ok: true };

export function checkBindingStanding(input: BindingStandingInput): BindingStanding {
  const { binding, holder, holderAccount, beneficiary, holderPolicy } = input;
  // Faults: the adapter must pass the binding's own parties.
  if (binding.holderId !== holder.personId || binding.beneficiaryId !== beneficiary.personId) {
    throw new Error('holder and beneficiary are not the parties of the binding');
  }
  if (holderAccount !== null && holderAccount.personId !== holder.personId) {
    throw new Error("holderAccount is not the holder's");
  }
  if (holder.enrollmentStatus !== 'ACTIVE') {
    return suspended('HOLDER_NOT_INSURED', `the holder's enrollment is ${holder.enrollmentStatus}`);
  }
  if (holder.insuranceType !== 'EMPLOYEE' || holderAccount === null) {
    return suspended('HOLDER_NOT_EMPLOYEE', 'the holder no longer has employee insurance with a personal account');
  }
  if (beneficiary.enrollmentStatus !== 'ACTIVE') {
    return suspended('BENEFICIARY_NOT_INSURED', `the beneficiary's enrollment is ${beneficiary.enrollmentStatus}`);
  }
  if (!holderPolicy.allowedRelationships.includes(binding.relationship)) {
    return suspended('RELATIONSHIP_NOT_ALLOWED', `the holder's region no longer allows a ${binding.relationship}`);
  }
  if (
    holderPolicy.scope !== 'NATIONAL' &&
    !isWithinScope(holderPolicy.scope, holder.regionCode, beneficiary.regionCode)
  ) {
    return suspended('CROSS_REGION', `the beneficiary is insured in ${describeScope(holderPolicy.scope)}`);
  }
  return IN_GOOD_STANDING;
}

function suspended(reason: BindingSuspensionReason, message: string): BindingStanding {
  return { ok: false, reason, message };
}
