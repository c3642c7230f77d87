import type { Account } from './model/account';
import type { Binding } from './model/binding';
import type { Person } from './model/person';

/**
 * A binding "stops working by itself" (seed 003) when it is suspended or revoked, when either
 * side's insurance lapses, when the holder is no longer employee-insured (no personal account to
 * draw on), or when the holder's account is empty.
 */
export function isFundingSourceEffective(source: {
  readonly binding: Binding;
  readonly holder: Person;
  readonly holderAccount: Account;
  readonly beneficiary: Person;
}): boolean {
  return (
    source.binding.status === 'ACTIVE' &&
    source.holder.enrollmentStatus === 'ACTIVE' &&
    source.holder.insuranceType === 'EMPLOYEE' &&
    source.beneficiary.enrollmentStatus === 'ACTIVE' &&
    source.holderAccount.balanceFen > 0n
  );
}
