import type { Fen } from '../money';
import type { Relationship } from './relationship';

export type BindingStatus = 'ACTIVE' | 'SUSPENDED' | 'REVOKED';

/** A holder lets a beneficiary draw on the holder's personal account. */
export interface Binding {
  readonly bindingId: string;
  readonly holderId: string;
  readonly beneficiaryId: string;
  /** What the beneficiary is to the holder. */
  readonly relationship: Relationship;
  /** Most the beneficiary may draw per UTC+8 calendar month; null = no limit. */
  readonly monthlyLimitFen: Fen | null;
  readonly status: BindingStatus;
  /** The holder's policy version the binding was made under: whether it may still pay is judged by it. */
  readonly policyVersion?: string;
}
