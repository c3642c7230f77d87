/**
 * May this holder let this beneficiary draw on their account? The HOLDER's region policy in force
 * on the day of the request (UTC+8) decides. The first failing check wins, in this order (persons
 * first, then the holder's existing bindings, then the region's rules about the pair, the holder,
 * the count, and the limit):
 *
 *   1. SELF_BINDING              holder and beneficiary are the same person
 *   2. HOLDER_NOT_INSURED        holder unknown, or enrollment not ACTIVE
 *   3. HOLDER_NOT_EMPLOYEE       holder not employee-insured, or without a personal account
 *   4. BENEFICIARY_NOT_INSURED   beneficiary unknown, or enrollment not ACTIVE
 *   5. ALREADY_BOUND             a non-revoked binding of this pair exists; or, where the region
 *                                forbids both roles (Tai'an), the holder is already a beneficiary
 *                                or the beneficiary is already a holder
 *   6. RELATIONSHIP_NOT_ALLOWED  relationship outside the region's list (Shanxi: spouse, parents,
 *                                children); or a second FATHER/MOTHER/SPOUSE where the region allows one
 *   7. CROSS_PROVINCE_NOT_ALLOWED  insured outside the region's scope: another province, or another
 *                                city where the scope is the pooling area (the contract's one code
 *                                for both)
 *   8. HOLDER_FRAUD_RECORD       a fraud record within the region's look-back (Shaanxi: 24 months)
 *   9. HOLDER_BALANCE_TOO_LOW    balance (not available money) below the region's minimum
 *                                (national: any money at all, seed 003 职工账户有余额)
 *  10. TOO_MANY_BENEFICIARIES    the holder already has the region's maximum of non-revoked bindings
 *  11. LIMIT_OUT_OF_RANGE        see checkMonthlyLimit
 *
 * "Unknown" persons map to the NOT_INSURED codes because the contract's list is closed; the
 * adapter is expected to answer 404 for unknown ids before asking. Role conflicts use
 * ALREADY_BOUND: the person is already bound, in the other role.
 */
import { bindingRefusal, type BindingRefusal } from './binding-refusal';
import { checkMonthlyLimit } from './check-monthly-limit';
import { chinaDate, isWithinMonthsBefore } from './china-date';
import { fenToYuanString, type Fen } from './money';
import type { Account } from './model/account';
import type { Binding } from './model/binding';
import type { Person } from './model/person';
import type { Relationship } from './model/relationship';
import type { PolicyBook } from './policy-book';
import { describeScope, isWithinScope } from './region-scope';
import { resolvePolicyAt } from './resolve-policy-at';

export interface BindingEligibilityInput {
  readonly holder: Person | null;
  readonly holderAccount: Account | null;
  readonly beneficiary: Person | null;
  /** What the beneficiary is to the holder. */
  readonly relationship: Relationship;
  readonly monthlyLimitFen: Fen | null;
  /** Bindings where the holder is the holder (revoked ones are ignored). */
  readonly holderBindings: readonly Binding[];
  /** Bindings where the holder is a beneficiary (revoked ones are ignored). */
  readonly holderBindingsAsBeneficiary: readonly Binding[];
  /** Bindings where the beneficiary is a holder (revoked ones are ignored). */
  readonly beneficiaryBindingsAsHolder: readonly Binding[];
  readonly now: Date;
  /** Region policies; the holder's version in force on now's UTC+8 date applies. */
  readonly policies: PolicyBook;
}

export type BindingEligibility = { readonly ok: true; readonly policyVersion: string } | BindingRefusal;

export function checkBindingEligibility(input: BindingEligibilityInput): BindingEligibility {
  const { holder, holderAccount, beneficiary, relationship } = input;
  if (holder !== null && beneficiary !== null && holder.personId === beneficiary.personId) {
    return bindingRefusal('SELF_BINDING', 'holder and beneficiary must be different persons');
  }
  if (holder === null || holder.enrollmentStatus !== 'ACTIVE') {
    return bindingRefusal('HOLDER_NOT_INSURED', 'holder is not actively insured');
  }
  if (holder.insuranceType !== 'EMPLOYEE' || holderAccount === null) {
    return bindingRefusal('HOLDER_NOT_EMPLOYEE', 'holder must be employee-insured with a personal account');
  }
  if (holderAccount.personId !== holder.personId) throw new Error("holderAccount is not the holder's");
  if (beneficiary === null || beneficiary.enrollmentStatus !== 'ACTIVE') {
    return bindingRefusal('BENEFICIARY_NOT_INSURED', 'beneficiary is not actively insured');
  }

  const holderPolicy = resolvePolicyAt(input.policies, holder.regionCode, chinaDate(input.now));
  const { policy, policyVersion } = holderPolicy;
  const rules = `region policy ${policyVersion}`;
  const holderBindings = input.holderBindings.filter((b) => b.status !== 'REVOKED');
  if (holderBindings.some((b) => b.holderId !== holder.personId))
    throw new Error("holderBindings are not the holder's");

  if (holderBindings.some((b) => b.beneficiaryId === beneficiary.personId)) {
    return bindingRefusal('ALREADY_BOUND', 'this holder and beneficiary are already bound');
  }
  if (policy.exclusiveRoles) {
    if (input.holderBindingsAsBeneficiary.some((b) => b.status !== 'REVOKED')) {
      return bindingRefusal('ALREADY_BOUND', `holder is already a beneficiary; ${rules} forbids holding both roles`);
    }
    if (input.beneficiaryBindingsAsHolder.some((b) => b.status !== 'REVOKED')) {
      return bindingRefusal('ALREADY_BOUND', `beneficiary is already a holder; ${rules} forbids holding both roles`);
    }
  }
  if (!policy.allowedRelationships.includes(relationship)) {
    return bindingRefusal('RELATIONSHIP_NOT_ALLOWED', `${rules} does not allow binding a ${relationship}`);
  }
  if (
    policy.singleBeneficiaryRelationships.includes(relationship) &&
    holderBindings.some((b) => b.relationship === relationship)
  ) {
    return bindingRefusal('RELATIONSHIP_NOT_ALLOWED', `${rules} allows one ${relationship} per holder, already bound`);
  }
  if (policy.scope !== 'NATIONAL' && !isWithinScope(policy.scope, holder.regionCode, beneficiary.regionCode)) {
    return bindingRefusal(
      'CROSS_PROVINCE_NOT_ALLOWED',
      `${rules} does not allow members insured in ${describeScope(policy.scope)}`,
    );
  }
  if (
    policy.fraudLookbackMonths > 0 &&
    holder.fraudRecordAt !== null &&
    isWithinMonthsBefore(holder.fraudRecordAt, input.now, policy.fraudLookbackMonths)
  ) {
    return bindingRefusal(
      'HOLDER_FRAUD_RECORD',
      `holder has a fraud record within ${policy.fraudLookbackMonths} months`,
    );
  }
  if (holderAccount.balanceFen < policy.minHolderBalanceFen) {
    return bindingRefusal(
      'HOLDER_BALANCE_TOO_LOW',
      `${rules} requires a holder balance of at least ${fenToYuanString(policy.minHolderBalanceFen)} yuan`,
    );
  }
  if (policy.maxBeneficiaries !== null && holderBindings.length >= policy.maxBeneficiaries) {
    return bindingRefusal(
      'TOO_MANY_BENEFICIARIES',
      `${rules} allows at most ${policy.maxBeneficiaries} beneficiaries per holder`,
    );
  }
  const limit = checkMonthlyLimit(holderPolicy, input.monthlyLimitFen);
  if (!limit.ok) return limit;
  return { ok: true, policyVersion };
}
