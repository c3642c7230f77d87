import type { Fen } from './money';
import type { ItemCategory, PayableCategory } from './model/item-category';
import type { Relationship } from './model/relationship';

export interface MonthlyLimitRange {
  readonly minFen: Fen;
  readonly maxFen: Fen;
}

/**
 * The mutual-aid rules of one insured region, as data. The PATIENT's region decides what may be
 * paid from accounts; the HOLDER's region decides who may be bound, limits, approval and what
 * relatives' accounts may not pay.
 */
export interface RegionPolicy {
  /** Recorded with every settlement and binding, e.g. "CN-61@2024.1". */
  readonly version: string;

  // Who may be bound (holder's region).
  readonly allowedRelationships: readonly Relationship[];
  /** Whether holder and beneficiary may be insured in different provinces. */
  readonly crossProvinceAllowed: boolean;
  /** Holder's balance needed when binding; 0 = no minimum. */
  readonly minHolderBalanceFen: Fen;
  /** A fraud record within this many years refuses the holder; 0 = not checked. */
  readonly fraudLookbackYears: number;
  /** Most non-revoked bindings per holder; null = no maximum. */
  readonly maxBeneficiaries: number | null;
  /** Relationships a holder may have at most one of (e.g. one father). */
  readonly singleBeneficiaryRelationships: readonly Relationship[];
  /** Nobody may be both a holder and a beneficiary (among non-revoked bindings). */
  readonly exclusiveRoles: boolean;

  // Caps and approval (holder's region).
  /** Range a binding's monthly limit must lie in (a value is then required); null = any positive value or no limit. */
  readonly monthlyLimitRange: MonthlyLimitRange | null;
  /** Above a limit the holder may approve the excess in real time. */
  readonly approvalAboveLimit: boolean;
  /** The holder may set one monthly limit for all relatives together. */
  readonly relativesMonthlyLimitAllowed: boolean;
  /** Categories relatives' accounts never pay (e.g. Shaanxi: inpatient). */
  readonly relativesExcludedCategories: readonly ItemCategory[];

  // What may be paid (patient's region).
  readonly payableCategories: readonly PayableCategory[];
  /** Whether items outside the insurance catalogue may be paid from any account. */
  readonly offCatalogPayable: boolean;
}

/** A region's differences from the policy above it; always carries its own version. */
export type RegionPolicyOverride = { readonly version: string } & Partial<Omit<RegionPolicy, 'version'>>;

/**
 * Policies keyed by scope: "" is the national default (a full policy), a 2-digit key a province,
 * a 4-digit key a city (prefecture). Regional entries are overrides.
 */
export interface RegionPolicyTable {
  readonly '': RegionPolicy;
  readonly [scope: string]: RegionPolicyOverride;
}

/** `base` with `override`'s fields on top; checks the result is a coherent policy (a fault if not). */
export function mergeRegionPolicy(base: RegionPolicy, override: RegionPolicyOverride): RegionPolicy {
  const merged: RegionPolicy = { ...base, ...withoutUndefined(override) };
  assertCoherentPolicy(merged);
  return merged;
}

function withoutUndefined(override: RegionPolicyOverride): RegionPolicyOverride {
  // `{ monthlyLimitRange: undefined }` must not erase the base's value; only null does.
  return Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined)) as RegionPolicyOverride;
}

export function assertCoherentPolicy(policy: RegionPolicy): void {
  const where = `region policy ${policy.version}`;
  if (policy.version.length === 0) throw new RangeError('region policy without a version');
  const range = policy.monthlyLimitRange;
  if (range !== null && (range.minFen <= 0n || range.maxFen < range.minFen)) {
    throw new RangeError(`${where}: monthly limit range must be positive and min <= max`);
  }
  if (policy.minHolderBalanceFen < 0n) throw new RangeError(`${where}: negative minimum holder balance`);
  if (!Number.isInteger(policy.fraudLookbackYears) || policy.fraudLookbackYears < 0) {
    throw new RangeError(`${where}: fraud look-back must be a non-negative integer`);
  }
  if (policy.maxBeneficiaries !== null && (!Number.isInteger(policy.maxBeneficiaries) || policy.maxBeneficiaries < 1)) {
    throw new RangeError(`${where}: maximum beneficiaries must be a positive integer`);
  }
}
