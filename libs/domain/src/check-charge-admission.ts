import { chargeRejection, type ChargeRejection } from './charge-rejection';
import type { Charge } from './model/charge';
import type { Merchant } from './model/merchant';
import type { Person } from './model/person';

export const DEFAULT_MAX_CHARGE_AGE_S = 86_400;
/** Terminal clocks run a little fast; more than this ahead of "now" is not a real charge. */
export const MAX_CHARGE_LEAD_S = 300;

export interface ChargeAdmissionInput {
  readonly charge: Charge;
  readonly merchant: Merchant | null;
  readonly patient: Person | null;
  readonly now: Date;
  readonly maxChargeAgeS?: number;
}

export type ChargeAdmission =
  ChargeRejection | { readonly kind: 'ADMITTED'; readonly merchant: Merchant; readonly patient: Person };

/**
 * Whether a (well-formed) charge may be settled at all. First failing check wins, in this order:
 * UNKNOWN_MERCHANT, MERCHANT_NOT_DESIGNATED, UNKNOWN_PATIENT, PATIENT_NOT_INSURED,
 * CREDENTIAL_MISMATCH, STALE_CHARGE (older than maxChargeAgeS, or more than 5 min ahead of now).
 */
export function checkChargeAdmission(input: ChargeAdmissionInput): ChargeAdmission {
  const { charge, merchant, patient, now } = input;
  const maxChargeAgeS = input.maxChargeAgeS ?? DEFAULT_MAX_CHARGE_AGE_S;
  if (!Number.isFinite(maxChargeAgeS) || maxChargeAgeS <= 0) throw new RangeError('maxChargeAgeS must be positive');
  if (merchant !== null && merchant.merchantId !== charge.merchantId)
    throw new Error('merchant does not match the charge');
  if (patient !== null && patient.personId !== charge.patientId) throw new Error('patient does not match the charge');

  if (merchant === null) return chargeRejection('UNKNOWN_MERCHANT', 'merchant is not registered');
  if (!merchant.designated) {
    return chargeRejection('MERCHANT_NOT_DESIGNATED', 'merchant is not a designated provider');
  }
  if (patient === null) return chargeRejection('UNKNOWN_PATIENT', 'patient is not a registered insured person');
  if (patient.enrollmentStatus !== 'ACTIVE') {
    return chargeRejection('PATIENT_NOT_INSURED', `patient's enrollment is ${patient.enrollmentStatus}, not ACTIVE`);
  }
  if (charge.credential.personId !== charge.patientId) {
    // The card is never shared: someone else's credential is impersonation.
    return chargeRejection('CREDENTIAL_MISMATCH', "the credential presented is not the patient's own");
  }
  const aheadMs = charge.occurredAt.getTime() - now.getTime();
  if (Number.isNaN(aheadMs)) throw new RangeError('occurredAt and now must be valid dates');
  if (-aheadMs > maxChargeAgeS * 1000) {
    return chargeRejection('STALE_CHARGE', `occurredAt is more than ${maxChargeAgeS} s in the past`);
  }
  if (aheadMs > MAX_CHARGE_LEAD_S * 1000) {
    return chargeRejection('STALE_CHARGE', `occurredAt is more than ${MAX_CHARGE_LEAD_S} s in the future`);
  }
  return { kind: 'ADMITTED', merchant, patient };
}
