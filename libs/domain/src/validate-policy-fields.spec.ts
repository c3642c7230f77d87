import { NATIONAL_POLICY } from './built-in-policy-book';
import type { RegionPolicyOverride } from './region-policy';
import {
  assertCoherentPolicy,
  isPolicyField,
  missingPolicyFields,
  POLICY_FIELDS,
  validatePolicyFields,
} from './validate-policy-fields';

/** Field values as a PUT body might carry them once mapped: any shape. */
const loose = (fields: Record<string, unknown>) => fields as RegionPolicyOverride;

describe('validatePolicyFields', () => {
  it('accepts a full valid policy and any part of it; undefined counts as absent', () => {
    expect(validatePolicyFields(NATIONAL_POLICY)).toEqual([]);
    expect(validatePolicyFields({})).toEqual([]);
    expect(validatePolicyFields({ scope: 'POOLING_AREA', maxBeneficiaries: null, catalogueOnly: undefined })).toEqual(
      [],
    );
    expect(
      validatePolicyFields({
        monthlyLimitRangeFen: { minFen: 1n, maxFen: 1n },
        suggestedReserveRatioPercent: 100,
        fraudLookbackMonths: 1200,
        maxBeneficiaries: 1000,
        minHolderBalanceFen: 1_000_000_000_000n,
        allowedRelationships: [],
      }),
    ).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    [
      'allowedRelationships',
      'SPOUSE',
      'must be a list of SPOUSE, FATHER, MOTHER, CHILD, SIBLING, GRANDPARENT, GRANDCHILD',
    ],
    ['allowedRelationships', ['SPOUSE', 'COUSIN'], '"COUSIN" is not one of them'],
    ['allowedRelationships', ['SPOUSE', 'SPOUSE'], 'lists SPOUSE more than once'],
    ['singleBeneficiaryRelationships', [1], '1 is not one of them'],
    ['scope', 'CITY', 'must be one of NATIONAL, PROVINCE, POOLING_AREA'],
    ['contributionScope', null, 'must be one of NATIONAL, PROVINCE, POOLING_AREA'],
    ['minHolderBalanceFen', -1n, 'must be an amount in fen from 0 to 10^12'],
    ['minHolderBalanceFen', 100, 'must be an amount in fen from 0 to 10^12'],
    ['minHolderBalanceFen', 1_000_000_000_001n, 'must be an amount in fen from 0 to 10^12'],
    ['fraudLookbackMonths', 1.5, 'must be an integer from 0 to 1200'],
    ['fraudLookbackMonths', 1201, 'must be an integer from 0 to 1200'],
    ['maxBeneficiaries', 0, 'must be null or an integer from 1 to 1000'],
    ['exclusiveRoles', 'yes', 'must be true or false'],
    ['relativesPayInpatient', 1, 'must be true or false'],
    ['monthlyLimitRangeFen', { minFen: 5n, maxFen: 1n }, 'has minFen 0.05 yuan above maxFen 0.01 yuan'],
    ['monthlyLimitRangeFen', { minFen: 0n, maxFen: 1n }, 'must be null or {minFen, maxFen}'],
    ['monthlyLimitRangeFen', { minFen: 1n, maxFen: 1_000_000_000_001n }, 'must be null or {minFen, maxFen}'],
    ['monthlyLimitRangeFen', { min: 1n, max: 2n }, 'must be null or {minFen, maxFen}'],
    ['monthlyLimitRangeFen', { minFen: 1, maxFen: 2 }, 'must be null or {minFen, maxFen}'],
    ['monthlyLimitRangeFen', { minFen: 1n, maxFen: 2n, extra: 1 }, 'must be null or {minFen, maxFen}'],
    ['monthlyLimitRangeFen', [1n, 2n], 'must be null or {minFen, maxFen}'],
    ['payableCategories', ['DRUG', 'HEALTH_SUPPLEMENT'], '"HEALTH_SUPPLEMENT" is not one of them'],
    ['contributionSchemes', ['PENSION'], 'must be a list of RESIDENT_MEDICAL, LONG_TERM_CARE'],
    ['suggestedReserveRatioPercent', 101, 'must be null or an integer from 0 to 100'],
    ['suggestedReserveRatioPercent', -1, 'must be null or an integer from 0 to 100'],
    ['crossProvinceAllowed', false, 'is not a region policy field'],
  ])('%s = %p: %s', (field, value, problem) => {
    const problems = validatePolicyFields(loose({ [field]: value }));
    expect(problems).toEqual([{ field, problem: expect.stringContaining(problem) }]);
  });

  it('names every bad field at once, and refuses a non-object', () => {
    expect(
      validatePolicyFields(loose({ scope: 'X', catalogueOnly: 'no', approvalAboveLimit: true })).map((p) => p.field),
    ).toEqual(['scope', 'catalogueOnly']);
    expect(validatePolicyFields(loose(null as never))).toEqual([
      { field: 'fields', problem: 'must be an object of policy fields' },
    ]);
    expect(validatePolicyFields(loose([] as never))).toHaveLength(1);
  });

  it('knows every field of a policy, and which a partial policy lacks', () => {
    expect([...POLICY_FIELDS].sort()).toEqual(Object.keys(NATIONAL_POLICY).sort());
    expect(isPolicyField('scope')).toBe(true);
    expect(isPolicyField('toString')).toBe(false);
    expect(missingPolicyFields(NATIONAL_POLICY)).toEqual([]);
    const { scope: _scope, catalogueOnly: _catalogueOnly, ...partial } = NATIONAL_POLICY;
    expect(missingPolicyFields(partial)).toEqual(['scope', 'catalogueOnly']);
  });
});

describe('assertCoherentPolicy', () => {
  it('passes a full valid policy; a missing or bad field is a fault naming it', () => {
    expect(() => assertCoherentPolicy(NATIONAL_POLICY, 'test')).not.toThrow();
    const { scope: _scope, ...withoutScope } = NATIONAL_POLICY;
    expect(() => assertCoherentPolicy(withoutScope as never, 'test')).toThrow(
      'test: incoherent policy: scope is missing',
    );
    expect(() =>
      assertCoherentPolicy({ ...NATIONAL_POLICY, monthlyLimitRangeFen: { minFen: 3n, maxFen: 2n } }, 'test'),
    ).toThrow(/monthlyLimitRangeFen has minFen 0.03 yuan above maxFen 0.02 yuan/);
  });
});
