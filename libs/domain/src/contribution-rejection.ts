/** The contract's closed list of contribution rejection codes (contract 1.1 §1). */
export const CONTRIBUTION_REJECTION_CODES = [
  'INVALID_CONTRIBUTION',
  'UNKNOWN_PERSON',
  'HOLDER_NOT_EMPLOYEE',
  'HOLDER_NOT_INSURED',
  'RELATIONSHIP_NOT_ALLOWED',
  'SCHEME_NOT_ALLOWED',
  'CROSS_REGION_NOT_ALLOWED',
  'INSUFFICIENT_BALANCE',
  'ALREADY_PAID',
  // Decided by the adapter's idempotency record, never by decideContribution.
  'DUPLICATE_CONFLICT',
] as const;
export type ContributionRejectionCode = (typeof CONTRIBUTION_REJECTION_CODES)[number];

/** A refused contribution (HTTP 422, `contribution.rejected`). The message never carries personal data. */
export interface ContributionRejection {
  readonly kind: 'REJECTED';
  readonly code: ContributionRejectionCode;
  readonly message: string;
}

export function contributionRejection(code: ContributionRejectionCode, message: string): ContributionRejection {
  return { kind: 'REJECTED', code, message };
}
