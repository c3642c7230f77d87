import { checkBindingStanding } from './check-binding-standing';
import type { Account } from './model/account';
import type { Binding } from './model/binding';
import type { Person } from './model/person';
import type { RegionPolicy } from './region-policy';

/**
 * Whether a binding pays at this draw. It "stops working by itself" (seed 003) when it is
 * suspended or revoked, when it lost its standing (either side's insurance lapsed or changed, or
 * the holder's policy no longer covers the pair: see checkBindingStanding), or while the holder's
 * account is empty (职工账户无余额).
 */
export function isFundingSourceEffective(source: {
  readonly binding: Binding;
  readonly holder: Person;
  readonly holderAccount: Account;
  readonly beneficiary: Person;
  /** The holder's region policy in force for this draw. */
  readonly holderPolicy: RegionPolicy;
  /**
   * The policy the binding was made under (policyOfVersion of its policyVersion): its standing is
   * judged by the rules it was made under, so a later version does not end a binding by itself
   * (the bureau may revoke it). Absent: the holder's policy in force for this draw.
   */
  readonly bindingPolicy?: RegionPolicy | null;
}): boolean {
  return (
    source.binding.status === 'ACTIVE' &&
    source.holderAccount.balanceFen > 0n &&
    checkBindingStanding({ ...source, holderPolicy: source.bindingPolicy ?? source.holderPolicy }).ok
  );
}
