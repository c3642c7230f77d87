/** The contract's closed list of binding refusal codes. */
export const BINDING_REFUSAL_CODES = [
  'SELF_BINDING',
  'ALREADY_BOUND',
  'HOLDER_NOT_EMPLOYEE',
  'HOLDER_NOT_INSURED',
  'BENEFICIARY_NOT_INSURED',
  'RELATIONSHIP_NOT_ALLOWED',
  'CROSS_PROVINCE_NOT_ALLOWED',
  'HOLDER_BALANCE_TOO_LOW',
  'HOLDER_FRAUD_RECORD',
  'LIMIT_OUT_OF_RANGE',
  'TOO_MANY_BENEFICIARIES',
] as const;
export type BindingRefusalCode = (typeof BINDING_REFUSAL_CODES)[number];

/** A refused binding request (HTTP 422). The message never carries personal data. */
export interface BindingRefusal {
  readonly ok: false;
  readonly code: BindingRefusalCode;
  readonly message: string;
}

export function bindingRefusal(code: BindingRefusalCode, message: string): BindingRefusal {
  return { ok: false, code, message };
}
