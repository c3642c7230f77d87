/** The contract's closed list of charge rejection codes. */
export const CHARGE_REJECTION_CODES = [
  'INVALID_CHARGE',
  'UNKNOWN_MERCHANT',
  'MERCHANT_NOT_DESIGNATED',
  'UNKNOWN_PATIENT',
  'PATIENT_NOT_INSURED',
  'CREDENTIAL_MISMATCH',
  'STALE_CHARGE',
  'DUPLICATE_CONFLICT',
  'CHARGE_REVERSED',
] as const;
export type ChargeRejectionCode = (typeof CHARGE_REJECTION_CODES)[number];

/** A refused charge. The message never carries personal data (names, ID or person numbers). */
export interface ChargeRejection {
  readonly kind: 'REJECTED';
  readonly code: ChargeRejectionCode;
  readonly message: string;
}

export function chargeRejection(code: ChargeRejectionCode, message: string): ChargeRejection {
  return { kind: 'REJECTED', code, message };
}
