import type { Fen } from './money';
import type { ContributionScheme } from './model/contribution-scheme';
import type { ItemCategory, PayableCategory } from './model/item-category';
import type { Relationship } from './model/relationship';

export interface MonthlyLimitRange {
  readonly minFen: Fen;
  readonly maxFen: Fen;
}

/**
 * How far apart two persons' insured regions may be: anywhere, the same province (first 2
 * digits of the region code) or the same pooling area (统筹区, the city: first 4 digits).
 */
export const POLICY_SCOPES = ['NATIONAL', 'PROVINCE', 'POOLING_AREA'] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

/**
 * The mutual-aid rules of one insured region, as data (contract 1.1 §4 names most fields). The
 * PATIENT's region decides what may be paid from accounts; the HOLDER's region decides who may
 * be bound, limits, approval, what relatives' accounts may not pay and which contributions the
 * holder's account may pay.
 */
export interface RegionPolicy {
  // Who may be bound (holder's region).
  readonly allowedRelationships: readonly Relationship[];
  /** Where the beneficiary of a binding may be insured, relative to the holder. */
  readonly scope: PolicyScope;
  /** Holder's balance needed when binding; 0 = no minimum. */
  readonly minHolderBalanceFen: Fen;
  /** A fraud record within this many calendar months refuses the holder; 0 = not checked. */
  readonly fraudLookbackMonths: number;
  /** Most non-revoked bindings per holder; null = no maximum. */
  readonly maxBeneficiaries: number | null;
  /** Relationships a holder may have at most one of (e.g. one father). */
  readonly singleBeneficiaryRelationships: readonly Relationship[];
  /** Nobody may be both a holder and a beneficiary (among non-revoked bindings). */
  readonly exclusiveRoles: boolean;

  // Caps and approval (holder's region).
  /** Range a binding's monthly limit must lie in (a value is then required); null = any positive value or no limit. */
  readonly monthlyLimitRangeFen: MonthlyLimitRange | null;
  /** Above a limit the holder may approve the excess in real time. */
  readonly approvalAboveLimit: boolean;
  /** The holder may set one monthly limit for all relatives together. */
  readonly relativesMonthlyLimitAllowed: boolean;
  /** Whether relatives' accounts may pay inpatient costs (Shaanxi: no). */
  readonly relativesPayInpatient: boolean;

  // What may be paid (patient's region).
  readonly payableCategories: readonly PayableCategory[];
  /** Only items inside the insurance catalogue (医保目录) may be paid from any account. */
  readonly catalogueOnly: boolean;

  // Contributions paid for relatives (holder's region).
  readonly contributionSchemes: readonly ContributionScheme[];
  /** Where the relative whose contribution is paid may be insured, relative to the holder. */
  readonly contributionScope: PolicyScope;
  /** Share of the balance the region advises keeping as a reserve (0..100); advice only, never enforced. */
  readonly suggestedReserveRatioPercent: number | null;
}

export type PolicyField = keyof RegionPolicy;

/** A version's differences from what it refines. */
export type RegionPolicyOverride = Partial<RegionPolicy>;

/** A region's policy on a date and the name of every version that made it. */
export interface ResolvedPolicy {
  readonly policy: RegionPolicy;
  /** e.g. "00@2024-01-01+14@2024-01-01+1401@2026-02-06"; recorded with settlements, bindings and contributions. */
  readonly policyVersion: string;
}

const INPATIENT: readonly ItemCategory[] = ['INPATIENT_SERVICE'];
const NOTHING: readonly ItemCategory[] = [];

/** The categories a relative's account never pays under this (holder's) policy. */
export function categoriesRelativesMayNotPay(holderPolicy: RegionPolicy): readonly ItemCategory[] {
  return holderPolicy.relativesPayInpatient ? NOTHING : INPATIENT;
}
