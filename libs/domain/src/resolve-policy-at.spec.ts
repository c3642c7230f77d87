import { BUILT_IN_POLICY_BOOK, BUILT_IN_POLICY_VERSIONS, NATIONAL_POLICY } from './built-in-policy-book';
import { makePolicyVersion, policyBook, type PolicyBook } from './policy-book';
import type { RegionPolicyOverride } from './region-policy';
import { policyLevelsOf, resolvePolicyAt } from './resolve-policy-at';

const TODAY = '2026-11-22';
const at = (region: string, date = TODAY) => resolvePolicyAt(BUILT_IN_POLICY_BOOK, region, date);

function book(...versions: [regionCode: string, effectiveFrom: string, fields: RegionPolicyOverride][]): PolicyBook {
  return policyBook(
    versions.map(([regionCode, effectiveFrom, fields]) =>
      makePolicyVersion({ regionCode, effectiveFrom, source: 'test', fields }),
    ),
  );
}

describe('resolvePolicyAt: the built-in book', () => {
  it('seeds 002_932bae2467fbe663 and 003_5ce829ad509c60e0 (national): all near relatives, anywhere, an account with money', () => {
    const { policy, policyVersion } = at('110101');
    expect(policyVersion).toBe('00@2024-01-01');
    expect(policy).toEqual(NATIONAL_POLICY);
    expect(policy.allowedRelationships).toHaveLength(7);
    expect(policy.scope).toBe('NATIONAL');
    expect(policy.minHolderBalanceFen).toBe(1n);
    expect(policy.relativesPayInpatient).toBe(true);
    expect(policy.catalogueOnly).toBe(false);
    expect(policy.contributionSchemes).toEqual(['RESIDENT_MEDICAL']);
    expect(policy.contributionScope).toBe('NATIONAL');
  });

  it('seed 001_a5f479d59029a871 (Shaanxi): 1000 yuan, 24 months, province, 200..2000 yuan with approval, no inpatient, same-city contributions, 20%', () => {
    const { policy, policyVersion } = at('610102');
    expect(policyVersion).toBe('00@2024-01-01+61@2024-01-01');
    expect(policy).toEqual({
      ...NATIONAL_POLICY,
      scope: 'PROVINCE',
      minHolderBalanceFen: 100_000n,
      fraudLookbackMonths: 24,
      monthlyLimitRangeFen: { minFen: 20_000n, maxFen: 200_000n },
      approvalAboveLimit: true,
      relativesPayInpatient: false,
      contributionSchemes: ['RESIDENT_MEDICAL'],
      contributionScope: 'POOLING_AREA',
      suggestedReserveRatioPercent: 20,
    });
  });

  it('seed 000_4e0aaa2d4f92baf0 (Shanxi, Datong): spouse, parents, children; province; catalogue only; three schemes', () => {
    const { policy, policyVersion } = at('140202');
    expect(policyVersion).toBe('00@2024-01-01+14@2024-01-01');
    expect(policy).toEqual({
      ...NATIONAL_POLICY,
      allowedRelationships: ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD'],
      scope: 'PROVINCE',
      catalogueOnly: true,
      contributionSchemes: ['RESIDENT_MEDICAL', 'LONG_TERM_CARE', 'SUPPLEMENTARY_MEDICAL'],
      contributionScope: 'PROVINCE',
    });
  });

  it('seed 004_1992337a589844be (Taiyuan): all near relatives from 2026-02-06; everything else stays Shanxi', () => {
    const before = at('140105', '2026-02-05');
    const after = at('140105', '2026-02-06');
    expect(before).toEqual(at('140202', '2026-02-05'));
    expect(after.policyVersion).toBe('00@2024-01-01+14@2024-01-01+1401@2026-02-06');
    expect(after.policy).toEqual({ ...before.policy, allowedRelationships: NATIONAL_POLICY.allowedRelationships });
    expect(at('140202', '2026-02-06')).toEqual(before);
  });

  it("Tai'an (city 3709) refines the national default; the rest of Shandong stays national", () => {
    const taian = at('370902');
    expect(taian.policyVersion).toBe('00@2024-01-01+3709@2024-01-01');
    expect(taian.policy).toEqual({
      ...NATIONAL_POLICY,
      maxBeneficiaries: 8,
      singleBeneficiaryRelationships: ['FATHER', 'MOTHER', 'SPOUSE'],
      exclusiveRoles: true,
      relativesMonthlyLimitAllowed: true,
    });
    expect(at('370102')).toEqual(at('110101'));
  });

  it('cites a source for every built-in version', () => {
    expect(BUILT_IN_POLICY_VERSIONS.map((v) => [v.policyVersion, v.source])).toEqual([
      ['00@2024-01-01', 'seeds 002 and 003 (national rules, 2024)'],
      ['61@2024-01-01', 'seed 001 (Shaanxi)'],
      ['14@2024-01-01', 'seed 000 (Shanxi)'],
      ['1401@2026-02-06', 'seed 004 (Taiyuan, 2026-02-06)'],
      ['3709@2024-01-01', 'DOMAIN.md "reported elsewhere" (Tai\'an)'],
    ]);
  });
});

describe('resolvePolicyAt: versions and levels', () => {
  const national = NATIONAL_POLICY;

  it("a level's versions accumulate in date order; a later national version stays under regional overrides", () => {
    const b = book(
      ['00', '2024-01-01', national],
      ['00', '2025-01-01', { maxBeneficiaries: 5, catalogueOnly: true }],
      ['61', '2024-06-01', { scope: 'PROVINCE', maxBeneficiaries: 3 }],
      ['61', '2025-06-01', { approvalAboveLimit: true }],
      ['6101', '2026-01-01', { maxBeneficiaries: 9 }],
    );
    expect(resolvePolicyAt(b, '610102', '2024-05-31')).toEqual({ policy: national, policyVersion: '00@2024-01-01' });
    expect(resolvePolicyAt(b, '610102', '2025-01-01')).toEqual({
      policy: { ...national, scope: 'PROVINCE', maxBeneficiaries: 3, catalogueOnly: true },
      policyVersion: '00@2025-01-01+61@2024-06-01',
    });
    expect(resolvePolicyAt(b, '610102', '2025-06-01')).toEqual({
      // The 2025-06-01 version names one field; its province's earlier one still applies under it.
      policy: { ...national, scope: 'PROVINCE', maxBeneficiaries: 3, catalogueOnly: true, approvalAboveLimit: true },
      policyVersion: '00@2025-01-01+61@2025-06-01',
    });
    expect(resolvePolicyAt(b, '610102', '2026-01-01').policy.maxBeneficiaries).toBe(9);
    expect(resolvePolicyAt(b, '610102', '2026-01-01').policyVersion).toBe(
      '00@2025-01-01+61@2025-06-01+6101@2026-01-01',
    );
    expect(resolvePolicyAt(b, '610402', '2026-01-01').policy.maxBeneficiaries).toBe(3);
  });

  it('a district (6 digits) sits on top of its city', () => {
    const b = book(
      ['00', '2024-01-01', national],
      ['1401', '2024-01-01', { maxBeneficiaries: 4 }],
      ['140105', '2024-01-01', { maxBeneficiaries: 2 }],
    );
    expect(resolvePolicyAt(b, '140105', TODAY)).toMatchObject({
      policy: { maxBeneficiaries: 2 },
      policyVersion: '00@2024-01-01+1401@2024-01-01+140105@2024-01-01',
    });
    expect(resolvePolicyAt(b, '140106', TODAY).policy.maxBeneficiaries).toBe(4);
  });

  it('a regional version dated before the national start applies from that start on', () => {
    const b = book(['00', '2024-01-01', national], ['61', '2023-01-01', { maxBeneficiaries: 3 }]);
    expect(resolvePolicyAt(b, '610102', '2024-01-01')).toMatchObject({
      policy: { maxBeneficiaries: 3 },
      policyVersion: '00@2024-01-01+61@2023-01-01',
    });
    expect(() => resolvePolicyAt(b, '610102', '2023-06-01')).toThrow(RangeError);
  });

  it('the levels of a district; a code under "00" is not a province of its own', () => {
    expect(policyLevelsOf('140105')).toEqual(['00', '14', '1401', '140105']);
    expect(policyLevelsOf('001234')).toEqual(['00', '0012', '001234']);
  });

  it('each book answers for itself, however often and in whatever order it is asked', () => {
    const a = book(['00', '2024-01-01', national], ['61', '2024-01-01', { maxBeneficiaries: 2 }]);
    const b = book(['00', '2024-01-01', national], ['61', '2024-01-01', { maxBeneficiaries: 5 }]);
    for (let i = 0; i < 2; i++) {
      expect(resolvePolicyAt(a, '610102', TODAY).policy.maxBeneficiaries).toBe(2);
      expect(resolvePolicyAt(b, '610102', TODAY).policy.maxBeneficiaries).toBe(5);
      expect(resolvePolicyAt(BUILT_IN_POLICY_BOOK, '610102', TODAY).policyVersion).toBe('00@2024-01-01+61@2024-01-01');
    }
    expect(resolvePolicyAt(a, '610102', TODAY)).toBe(resolvePolicyAt(a, '610102', '2025-03-03'));
  });

  it('resolved policies are frozen', () => {
    const resolved = at('610102');
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved.policy)).toBe(true);
    expect(Object.isFrozen(resolved.policy.allowedRelationships)).toBe(true);
    expect(Object.isFrozen(resolved.policy.monthlyLimitRangeFen)).toBe(true);
  });

  it('refuses malformed region codes and dates, and dates before the book starts (faults)', () => {
    expect(() => at('6101')).toThrow('6 digits');
    expect(() => at('61010a')).toThrow('6 digits');
    expect(() => at('610102', '2026-1-01')).toThrow('YYYY-MM-DD');
    expect(() => at('610102', '2023-12-31')).toThrow('the book starts 2024-01-01');
    expect(at('610102', '2024-01-01').policyVersion).toBe('00@2024-01-01+61@2024-01-01');
  });
});
