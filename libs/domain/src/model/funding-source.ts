import type { Fen } from '../money';
import type { Account } from './account';
import type { Binding } from './binding';
import type { Person } from './person';

/** One of the patient's bindings as a beneficiary, with what the waterfall needs to know about it. */
export interface FundingSource {
  readonly binding: Binding;
  readonly holder: Person;
  readonly holderAccount: Account;
  /** Drawn through this binding in the current UTC+8 month (monthKey(now)). */
  readonly bindingUsedThisMonthFen: Fen;
  /** Drawn through all of the holder's bindings in the current month. */
  readonly holderRelativesUsedThisMonthFen: Fen;
}
