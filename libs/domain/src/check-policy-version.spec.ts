import { BUILT_IN_POLICY_BOOK, NATIONAL_POLICY } from './built-in-policy-book';
import { checkPolicyVersion, type PolicyVersionCandidate } from './check-policy-version';
import type { RegionPolicyOverride } from './region-policy';

const TODAY = '2026-11-22';
const put = (regionCode: string, effectiveFrom: string, fields: RegionPolicyOverride): PolicyVersionCandidate => ({
  regionCode,
  effectiveFrom,
  source: 'PUT by the bureau',
  fields,
});

describe('checkPolicyVersion (PUT /v1/region-policies/{regionCode}/versions/{effectiveFrom})', () => {
  it('accepts a valid override from today on, for a province, city or district', () => {
    expect(checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('14', TODAY, { catalogueOnly: false }), TODAY)).toEqual([]);
    expect(
      checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('1402', '2027-01-01', { allowedRelationships: ['SIBLING'] }), TODAY),
    ).toEqual([]);
    expect(
      checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('140202', '2027-01-01', { maxBeneficiaries: 4 }), TODAY),
    ).toEqual([]);
    // A later national version may be partial: it refines the full one.
    expect(
      checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('00', '2027-01-01', { fraudLookbackMonths: 12 }), TODAY),
    ).toEqual([]);
  });

  it('names each bad field of the body', () => {
    expect(
      checkPolicyVersion(
        BUILT_IN_POLICY_BOOK,
        put('61', '2027-01-01', {
          monthlyLimitRangeFen: { minFen: 300_000n, maxFen: 200_000n },
          suggestedReserveRatioPercent: 120,
        }),
        TODAY,
      ),
    ).toEqual([
      { field: 'monthlyLimitRangeFen', problem: 'has minFen 3000.00 yuan above maxFen 2000.00 yuan' },
      { field: 'suggestedReserveRatioPercent', problem: 'must be null or an integer from 0 to 100' },
    ]);
  });

  it('refuses a bad region code, date or source, and a date in the past', () => {
    expect(checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('140', TODAY, {}), TODAY)).toEqual([
      { field: 'regionCode', problem: 'must be "00" (national) or 2, 4 or 6 digits' },
    ]);
    expect(checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('14', '2027-02-29', {}), TODAY)).toEqual([
      { field: 'effectiveFrom', problem: 'must be a calendar date YYYY-MM-DD' },
    ]);
    expect(checkPolicyVersion(BUILT_IN_POLICY_BOOK, { ...put('14', TODAY, {}), source: '' }, TODAY)).toEqual([
      { field: 'source', problem: 'must name where the rules come from' },
    ]);
    expect(checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('14', '2026-11-21', {}), TODAY)).toEqual([
      { field: 'effectiveFrom', problem: 'must not be in the past (today is 2026-11-22)' },
    ]);
  });

  it('a national version that would become the earliest must be a full policy', () => {
    const { catalogueOnly: _c, scope: _s, ...partial } = NATIONAL_POLICY;
    expect(checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('00', '2020-01-01', partial), '2019-01-01')).toEqual([
      { field: 'scope', problem: 'is required: the earliest national version must be a full policy' },
      { field: 'catalogueOnly', problem: 'is required: the earliest national version must be a full policy' },
    ]);
    expect(checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('00', '2024-01-01', partial), '2024-01-01')).toHaveLength(2);
    expect(checkPolicyVersion(BUILT_IN_POLICY_BOOK, put('00', '2020-01-01', NATIONAL_POLICY), '2019-01-01')).toEqual(
      [],
    );
  });
});
