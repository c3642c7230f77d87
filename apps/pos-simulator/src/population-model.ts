/** The synthetic population's shape: what the simulator registers through the HTTP API. */
import type { EnrollmentStatus, InsuranceType, Relationship } from '@gongji/domain';

export type Sex = 'M' | 'F';

/** A member's place in the family, seen from the family's head. */
export type FamilyRole =
  'HEAD' | 'SPOUSE' | 'CHILD' | 'FATHER' | 'MOTHER' | 'FATHER_IN_LAW' | 'MOTHER_IN_LAW' | 'GRANDPARENT' | 'SIBLING';

export interface SimCredit {
  readonly creditId: string;
  readonly amountFen: number;
  readonly reason: 'MONTHLY_CONTRIBUTION' | 'ADJUSTMENT';
}

export interface SimPerson {
  readonly personId: string;
  readonly name: string;
  readonly sex: Sex;
  readonly age: number;
  readonly familyId: string;
  readonly role: FamilyRole;
  readonly regionCode: string;
  readonly insuranceType: InsuranceType;
  readonly enrollmentStatus: EnrollmentStatus;
  /** YYYY-MM-DD (UTC+8) of a fraud record, or null. */
  readonly fraudRecordAt: string | null;
  /** Paid in before any binding (employees only), in this order. */
  readonly credits: readonly SimCredit[];
  /** Set with PUT reserve when not null. */
  readonly reserveFen: number | null;
  /** Tai'an-style one limit for all relatives together, set when not null. */
  readonly relativesMonthlyLimitFen: number | null;
  /** How often this person visits a pharmacy or clinic, relative to an adult of working age. */
  readonly visitWeight: number;
}

export interface SimBinding {
  /** Plan-local key; the service assigns the real bindingId. */
  readonly key: string;
  readonly holderId: string;
  readonly beneficiaryId: string;
  /** What the beneficiary is to the holder. */
  readonly relationship: Relationship;
  readonly monthlyLimitFen: number | null;
}

export interface SimFundingOrder {
  readonly beneficiaryId: string;
  /** SimBinding keys, first to be drawn first. */
  readonly bindingKeys: readonly string[];
}

export interface SimFamily {
  readonly familyId: string;
  readonly regionCode: string;
  readonly memberIds: readonly string[];
  /** In the order they are created. */
  readonly bindings: readonly SimBinding[];
  /** For beneficiaries with more than one binding. */
  readonly fundingOrders: readonly SimFundingOrder[];
}

export type MerchantKind = 'PHARMACY' | 'CLINIC' | 'HOSPITAL';

export interface SimMerchant {
  readonly merchantId: string;
  readonly name: string;
  readonly kind: MerchantKind;
  readonly regionCode: string;
  readonly designated: boolean;
  readonly terminals: readonly string[];
}

export interface Population {
  readonly runId: string;
  readonly seed: number;
  readonly persons: readonly SimPerson[];
  readonly families: readonly SimFamily[];
  readonly merchants: readonly SimMerchant[];
}

export function employeesOf(p: Population): SimPerson[] {
  return p.persons.filter((x) => x.insuranceType === 'EMPLOYEE');
}

export function bindingsOf(p: Population): SimBinding[] {
  return p.families.flatMap((f) => f.bindings);
}
