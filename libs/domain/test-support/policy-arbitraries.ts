/** fast-check generators for region policy fields, versions and books. */
import fc from 'fast-check';
import type { PolicyVersion, RegionPolicy, RegionPolicyOverride } from '@gongji/domain';
import {
  CONTRIBUTION_SCHEMES,
  makePolicyVersion,
  NATIONAL_POLICY,
  PAYABLE_CATEGORIES,
  POLICY_SCOPES,
  RELATIONSHIPS,
} from '@gongji/domain';

const fen = (min: bigint, max: bigint) => fc.bigInt({ min, max });

/** A valid value for every field. */
export const policyFieldArbs: { readonly [F in keyof RegionPolicy]: fc.Arbitrary<RegionPolicy[F]> } = {
  allowedRelationships: fc.subarray([...RELATIONSHIPS]),
  scope: fc.constantFrom(...POLICY_SCOPES),
  minHolderBalanceFen: fen(0n, 200_000n),
  fraudLookbackMonths: fc.integer({ min: 0, max: 60 }),
  maxBeneficiaries: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
  singleBeneficiaryRelationships: fc.subarray([...RELATIONSHIPS]),
  exclusiveRoles: fc.boolean(),
  monthlyLimitRangeFen: fc.option(
    fc.tuple(fen(1n, 300_000n), fen(0n, 300_000n)).map(([minFen, extra]) => ({ minFen, maxFen: minFen + extra })),
    { nil: null },
  ),
  approvalAboveLimit: fc.boolean(),
  relativesMonthlyLimitAllowed: fc.boolean(),
  relativesPayInpatient: fc.boolean(),
  payableCategories: fc.subarray([...PAYABLE_CATEGORIES]),
  catalogueOnly: fc.boolean(),
  contributionSchemes: fc.subarray([...CONTRIBUTION_SCHEMES]),
  contributionScope: fc.constantFrom(...POLICY_SCOPES),
  suggestedReserveRatioPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
};

/** Some fields (often few, so that levels leave each other room). */
export const overrideArb: fc.Arbitrary<RegionPolicyOverride> = fc.record(policyFieldArbs, { requiredKeys: [] });

/** A full policy: the national default with some fields changed. */
export const fullPolicyArb: fc.Arbitrary<RegionPolicy> = overrideArb.map((o) => ({ ...NATIONAL_POLICY, ...o }));

/** Few dates, so that versions of different levels often share one. */
export const DATES = ['2024-01-01', '2024-07-01', '2025-01-01', '2025-06-15', '2026-02-06', '2026-12-31'] as const;
/** Region prefixes on every level, nested so that chains have 1 to 4 levels. */
export const REGION_PREFIXES = ['14', '61', '1401', '1402', '6101', '140105', '140202', '610102'] as const;
/** Districts to resolve: under the prefixes above, and one under none of them. */
export const DISTRICTS = ['140105', '140106', '140202', '610102', '610402', '110101'] as const;

/**
 * Versions of a valid book: a full national version on the earliest national date, later
 * national versions and regional ones as overrides, at most one per region and date.
 */
export const versionsArb: fc.Arbitrary<PolicyVersion[]> = fc
  .record({
    nationalStart: fc.constantFrom(...DATES.slice(0, 3)),
    national: fullPolicyArb,
    others: fc.uniqueArray(
      fc.record({
        regionCode: fc.constantFrom('00', ...REGION_PREFIXES),
        effectiveFrom: fc.constantFrom(...DATES),
        fields: overrideArb,
      }),
      { maxLength: 14, selector: (v) => `${v.regionCode}@${v.effectiveFrom}` },
    ),
  })
  .map(({ nationalStart, national, others }) => [
    makePolicyVersion({ regionCode: '00', effectiveFrom: nationalStart, source: 'generated', fields: national }),
    ...others
      // The full national version is the earliest; no second version on its date.
      .filter((v) => v.regionCode !== '00' || v.effectiveFrom > nationalStart)
      .map((v) => makePolicyVersion({ ...v, source: 'generated' })),
  ]);
