import { BUILT_IN_POLICY_BOOK, NATIONAL_POLICY } from './built-in-policy-book';
import {
  bookStartDate,
  isPolicyRegionCode,
  makePolicyVersion,
  policyBook,
  policyVersionId,
  withPolicyVersion,
  type PolicyVersion,
} from './policy-book';
import type { RegionPolicyOverride } from './region-policy';
import { resolvePolicyAt } from './resolve-policy-at';

const version = (regionCode: string, effectiveFrom: string, fields: RegionPolicyOverride): PolicyVersion =>
  makePolicyVersion({ regionCode, effectiveFrom, source: 'test', fields });
const NATIONAL = version('00', '2024-01-01', NATIONAL_POLICY);

describe('policyBook', () => {
  it('sorts versions by region, then date, and names them `${regionCode}@${effectiveFrom}`', () => {
    const b = policyBook([
      version('61', '2025-01-01', { maxBeneficiaries: 3 }),
      version('1401', '2026-02-06', {}),
      NATIONAL,
      version('61', '2024-01-01', { scope: 'PROVINCE' }),
    ]);
    expect(b.versions.map((v) => v.policyVersion)).toEqual([
      '00@2024-01-01',
      '1401@2026-02-06',
      '61@2024-01-01',
      '61@2025-01-01',
    ]);
    expect(policyVersionId('14', '2024-01-01')).toBe('14@2024-01-01');
    expect(bookStartDate(b)).toBe('2024-01-01');
  });

  it('keeps a frozen copy: changing the input afterwards changes nothing', () => {
    const relationships = ['SPOUSE' as const];
    const range = { minFen: 1n, maxFen: 2n };
    const regional = version('61', '2024-01-01', { allowedRelationships: relationships, monthlyLimitRangeFen: range });
    const b = policyBook([NATIONAL, regional]);
    relationships.push('SPOUSE');
    range.maxFen = 0n;
    expect(resolvePolicyAt(b, '610102', '2025-01-01').policy).toMatchObject({
      allowedRelationships: ['SPOUSE'],
      monthlyLimitRangeFen: { minFen: 1n, maxFen: 2n },
    });
    expect(Object.isFrozen(b)).toBe(true);
    expect(Object.isFrozen(b.versions)).toBe(true);
    expect(Object.isFrozen(b.versions[1].fields)).toBe(true);
  });

  it('drops fields set to undefined (they do not erase what they refine)', () => {
    const b = policyBook([NATIONAL, version('61', '2024-01-01', { catalogueOnly: undefined, maxBeneficiaries: 2 })]);
    expect(Object.keys(b.versions[1].fields)).toEqual(['maxBeneficiaries']);
    expect(resolvePolicyAt(b, '610102', '2025-01-01').policy.catalogueOnly).toBe(false);
  });

  it.each<[string, PolicyVersion[], RegExp]>([
    ['no national version', [version('61', '2024-01-01', {})], /no national \("00"\) version/],
    [
      'an earliest national version that is not full',
      [version('00', '2024-01-01', { scope: 'NATIONAL' }), version('00', '2025-01-01', NATIONAL_POLICY)],
      /00@2024-01-01: the earliest national version lacks allowedRelationships, minHolderBalanceFen/,
    ],
    ['two versions of one region on one date', [NATIONAL, NATIONAL], /00@2024-01-01: appears more than once/],
    [
      'a bad region code',
      [NATIONAL, version('6', '2024-01-01', {})],
      /6@2024-01-01: regionCode must be "00" \(national\) or 2, 4 or 6 digits/,
    ],
    ['a bad date', [NATIONAL, version('61', '2024-02-30', {})], /effectiveFrom must be a calendar date/],
    ['no source', [NATIONAL, { ...version('61', '2024-01-01', {}), source: ' ' }], /source must name/],
    [
      'a bad field',
      [NATIONAL, version('61', '2024-01-01', { fraudLookbackMonths: -1 })],
      /61@2024-01-01: fraudLookbackMonths must be an integer from 0 to 1200/,
    ],
    [
      'an id that does not match region and date',
      [NATIONAL, { ...version('61', '2024-01-01', {}), policyVersion: 'CN-61' }],
      /CN-61: policyVersion must be 61@2024-01-01/,
    ],
  ])('refuses %s (a fault naming it)', (_, versions, message) => {
    expect(() => policyBook(versions)).toThrow(RangeError);
    expect(() => policyBook(versions)).toThrow(message);
  });

  it('the built-in book is valid and starts on 2024-01-01', () => {
    expect(bookStartDate(BUILT_IN_POLICY_BOOK)).toBe('2024-01-01');
    expect(policyBook(BUILT_IN_POLICY_BOOK.versions).versions).toEqual(BUILT_IN_POLICY_BOOK.versions);
  });

  it('isPolicyRegionCode: "00" or 2, 4 or 6 digits', () => {
    expect(['00', '14', '1401', '140105'].map(isPolicyRegionCode)).toEqual([true, true, true, true]);
    expect(['', '1', '140', '14010', '1401050', '14a1'].map(isPolicyRegionCode)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('withPolicyVersion', () => {
  it('adds a version, or replaces the one of the same region and date; the old book is unchanged', () => {
    const base = policyBook([NATIONAL, version('61', '2026-01-01', { maxBeneficiaries: 3 })]);
    const added = withPolicyVersion(base, version('6101', '2026-06-01', { maxBeneficiaries: 4 }));
    const replaced = withPolicyVersion(added, version('61', '2026-01-01', { maxBeneficiaries: 5 }));
    expect(added.versions).toHaveLength(3);
    expect(replaced.versions).toHaveLength(3);
    expect(resolvePolicyAt(replaced, '610402', '2026-07-01').policy.maxBeneficiaries).toBe(5);
    expect(resolvePolicyAt(replaced, '610102', '2026-07-01').policy.maxBeneficiaries).toBe(4);
    expect(resolvePolicyAt(base, '610402', '2026-07-01').policy.maxBeneficiaries).toBe(3);
    expect(() => withPolicyVersion(base, version('61', '2026-01-01', { maxBeneficiaries: 0 }))).toThrow(RangeError);
  });
});
