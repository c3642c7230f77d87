import type { RegionPolicy, RegionPolicyTable } from './region-policy';

/** National rule (2024): all near relatives, any province, the five medical categories. */
export const NATIONAL_POLICY: RegionPolicy = {
  version: 'CN-national@2024.1',
  allowedRelationships: ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'],
  crossProvinceAllowed: true,
  minHolderBalanceFen: 0n,
  fraudLookbackYears: 0,
  maxBeneficiaries: null,
  singleBeneficiaryRelationships: [],
  exclusiveRoles: false,
  monthlyLimitRange: null,
  approvalAboveLimit: false,
  relativesMonthlyLimitAllowed: false,
  relativesExcludedCategories: [],
  payableCategories: ['DRUG', 'MEDICAL_DEVICE', 'MEDICAL_CONSUMABLE', 'OUTPATIENT_SERVICE', 'INPATIENT_SERVICE'],
  offCatalogPayable: true,
};

/** Built-in table; the service may load another one of the same shape. */
export const BUILT_IN_REGION_POLICIES: RegionPolicyTable = {
  '': NATIONAL_POLICY,
  // Shaanxi (seed 001): balance >= 1000 yuan and no fraud in 2 years to bind, no cross-province
  // members, 200..2000 yuan per member and month with real-time approval above, no inpatient costs.
  '61': {
    version: 'CN-61@2024.1',
    crossProvinceAllowed: false,
    minHolderBalanceFen: 100_000n,
    fraudLookbackYears: 2,
    monthlyLimitRange: { minFen: 20_000n, maxFen: 200_000n },
    approvalAboveLimit: true,
    relativesExcludedCategories: ['INPATIENT_SERVICE'],
  },
  // Shanxi (seed 000): spouse, parents, children only; catalogue items only, from any account.
  '14': {
    version: 'CN-14@2024.1',
    allowedRelationships: ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD'],
    crossProvinceAllowed: false,
    offCatalogPayable: false,
  },
  // Tai'an, Shandong (DOMAIN.md "reported elsewhere"): at most 8 relatives, one father, one
  // mother, one spouse, no one in both roles, one monthly limit for all relatives together.
  '3709': {
    version: 'CN-3709@2024.1',
    maxBeneficiaries: 8,
    singleBeneficiaryRelationships: ['FATHER', 'MOTHER', 'SPOUSE'],
    exclusiveRoles: true,
    relativesMonthlyLimitAllowed: true,
  },
};
