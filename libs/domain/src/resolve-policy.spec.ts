import { NATIONAL_POLICY, BUILT_IN_REGION_POLICIES } from './region-policies';
import { assertCoherentPolicy, mergeRegionPolicy, type RegionPolicyTable } from './region-policy';
import { isRegionCode, provinceOf, resolvePolicy } from './resolve-policy';

describe('resolvePolicy', () => {
  it('seed 002_932bae2467fbe663 (national): all near relatives, every medical category, off-catalogue payable', () => {
    const policy = resolvePolicy('110101');
    expect(policy).toEqual(NATIONAL_POLICY);
    expect(policy.version).toBe('CN-national@2024.1');
    expect(policy.allowedRelationships).toHaveLength(7);
    expect(policy.monthlyLimitRange).toBeNull();
    expect(policy.approvalAboveLimit).toBe(false);
  });

  it('seed 001_a5f479d59029a871 (Shaanxi): 200..2000 yuan per member, approval above, no inpatient from relatives', () => {
    const policy = resolvePolicy('610102');
    expect(policy.version).toBe('CN-61@2024.1');
    expect(policy.monthlyLimitRange).toEqual({ minFen: 20_000n, maxFen: 200_000n });
    expect(policy.approvalAboveLimit).toBe(true);
    expect(policy.relativesExcludedCategories).toEqual(['INPATIENT_SERVICE']);
    expect(policy.crossProvinceAllowed).toBe(false);
    expect(policy.minHolderBalanceFen).toBe(100_000n);
    expect(policy.fraudLookbackYears).toBe(2);
    // Not overridden: inherited from the national default.
    expect(policy.allowedRelationships).toEqual(NATIONAL_POLICY.allowedRelationships);
    expect(policy.offCatalogPayable).toBe(true);
  });

  it('seed 000_4e0aaa2d4f92baf0 (Shanxi): spouse, parents, children; catalogue items only', () => {
    const policy = resolvePolicy('140105');
    expect(policy.version).toBe('CN-14@2024.1');
    expect(policy.allowedRelationships).toEqual(['SPOUSE', 'FATHER', 'MOTHER', 'CHILD']);
    expect(policy.offCatalogPayable).toBe(false);
    expect(policy.crossProvinceAllowed).toBe(false);
  });

  it("Tai'an (city 3709) overrides the national default; the rest of Shandong stays national", () => {
    const taian = resolvePolicy('370902');
    expect(taian.version).toBe('CN-3709@2024.1');
    expect(taian.maxBeneficiaries).toBe(8);
    expect(taian.singleBeneficiaryRelationships).toEqual(['FATHER', 'MOTHER', 'SPOUSE']);
    expect(taian.exclusiveRoles).toBe(true);
    expect(taian.relativesMonthlyLimitAllowed).toBe(true);
    expect(resolvePolicy('370102')).toEqual(NATIONAL_POLICY);
  });

  it('cascades city over province over national', () => {
    const table: RegionPolicyTable = {
      '': NATIONAL_POLICY,
      '61': { version: 'P', crossProvinceAllowed: false, approvalAboveLimit: true },
      '6101': { version: 'C', approvalAboveLimit: false, maxBeneficiaries: 3 },
    };
    const city = resolvePolicy('610102', table);
    expect(city).toMatchObject({
      version: 'C',
      crossProvinceAllowed: false,
      approvalAboveLimit: false,
      maxBeneficiaries: 3,
    });
    expect(resolvePolicy('610402', table)).toMatchObject({
      version: 'P',
      approvalAboveLimit: true,
      maxBeneficiaries: null,
    });
  });

  it('each table answers for itself, however often and in whatever order it is asked', () => {
    const tableA: RegionPolicyTable = { '': NATIONAL_POLICY, '61': { version: 'A', maxBeneficiaries: 2 } };
    const tableB: RegionPolicyTable = { '': NATIONAL_POLICY, '61': { version: 'B', maxBeneficiaries: 5 } };
    for (let i = 0; i < 2; i++) {
      expect(resolvePolicy('610102', tableA)).toMatchObject({ version: 'A', maxBeneficiaries: 2 });
      expect(resolvePolicy('610102', tableB)).toMatchObject({ version: 'B', maxBeneficiaries: 5 });
      expect(resolvePolicy('610102').version).toBe('CN-61@2024.1');
      expect(resolvePolicy('140105', tableA).version).toBe('CN-national@2024.1');
      expect(() => resolvePolicy('61010a', tableA)).toThrow(RangeError);
    }
  });

  it('an explicit undefined in an override does not erase the base value', () => {
    const merged = mergeRegionPolicy(NATIONAL_POLICY, { version: 'X', monthlyLimitRange: undefined });
    expect(merged.monthlyLimitRange).toBeNull();
    expect(
      mergeRegionPolicy(BUILT_IN_REGION_POLICIES[''], { version: 'Y', offCatalogPayable: undefined }).offCatalogPayable,
    ).toBe(true);
  });

  it('refuses malformed region codes and incoherent policies (faults)', () => {
    expect(() => resolvePolicy('6101')).toThrow(RangeError);
    expect(() => resolvePolicy('61010a')).toThrow(RangeError);
    expect(isRegionCode('610102')).toBe(true);
    expect(provinceOf('610102')).toBe('61');
    expect(() => mergeRegionPolicy(NATIONAL_POLICY, { version: '' })).toThrow(RangeError);
    expect(() =>
      mergeRegionPolicy(NATIONAL_POLICY, { version: 'x', monthlyLimitRange: { minFen: 0n, maxFen: 1n } }),
    ).toThrow(RangeError);
    expect(() =>
      mergeRegionPolicy(NATIONAL_POLICY, { version: 'x', monthlyLimitRange: { minFen: 5n, maxFen: 1n } }),
    ).toThrow(RangeError);
    expect(() => mergeRegionPolicy(NATIONAL_POLICY, { version: 'x', minHolderBalanceFen: -1n })).toThrow(RangeError);
    expect(() => mergeRegionPolicy(NATIONAL_POLICY, { version: 'x', fraudLookbackYears: 1.5 })).toThrow(RangeError);
    expect(() => mergeRegionPolicy(NATIONAL_POLICY, { version: 'x', maxBeneficiaries: 0 })).toThrow(RangeError);
    expect(() => assertCoherentPolicy(NATIONAL_POLICY)).not.toThrow();
  });
});
