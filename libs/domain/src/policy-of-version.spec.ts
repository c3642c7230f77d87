import { BUILT_IN_POLICY_BOOK } from './built-in-policy-book';
import { policyBook, makePolicyVersion } from './policy-book';
import { policyOfVersion } from './policy-of-version';
import { resolvePolicyAt } from './resolve-policy-at';

describe('policyOfVersion', () => {
  it('rebuilds exactly the policy that resolution named, for every built-in region and date', () => {
    for (const region of ['110105', '140105', '140202', '610113', '370902']) {
      for (const date of ['2024-06-01', '2026-02-05', '2026-02-06', '2027-01-01']) {
        const resolved = resolvePolicyAt(BUILT_IN_POLICY_BOOK, region, date);
        expect(policyOfVersion(BUILT_IN_POLICY_BOOK, resolved.policyVersion)).toEqual(resolved.policy);
      }
    }
  });

  it('keeps a binding’s rules after a later version changes them', () => {
    const before = resolvePolicyAt(BUILT_IN_POLICY_BOOK, '140105', '2026-02-05');
    const later = policyBook([
      ...BUILT_IN_POLICY_BOOK.versions,
      makePolicyVersion({
        regionCode: '14',
        effectiveFrom: '2027-01-01',
        source: 'test',
        fields: { scope: 'NATIONAL' },
      }),
    ]);
    expect(resolvePolicyAt(later, '140105', '2027-01-02').policy.scope).toBe('NATIONAL');
    expect(policyOfVersion(later, before.policyVersion)?.scope).toBe('PROVINCE');
    expect(policyOfVersion(later, before.policyVersion)?.allowedRelationships).not.toContain('SIBLING');
  });

  it('answers null for a name the book does not know, or one without the national level', () => {
    expect(policyOfVersion(BUILT_IN_POLICY_BOOK, 'CN-14@2024.1')).toBeNull();
    expect(policyOfVersion(BUILT_IN_POLICY_BOOK, '14@2024-01-01')).toBeNull();
  });
});
