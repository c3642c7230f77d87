/**
 * Properties of policy resolution over random books and dates, against a naive reference that
 * looks each field up on its own (most specific level first, latest version first), unlike the
 * implementation's forward merge of whole versions.
 */
import fc from 'fast-check';
import { DATES, DISTRICTS, overrideArb, versionsArb } from '../test-support/policy-arbitraries';
import { policyBook, type PolicyVersion } from './policy-book';
import type { RegionPolicy, ResolvedPolicy } from './region-policy';
import { policyLevelsOf, resolvePolicyAt } from './resolve-policy-at';
import { missingPolicyFields, POLICY_FIELDS, validatePolicyFields } from './validate-policy-fields';

const RUNS = { numRuns: 300 };
/** Dates to ask about: the versions' dates and days just around them. */
const askDateArb = fc.constantFrom(...DATES, '2024-03-31', '2025-06-14', '2026-02-05', '2027-01-01');

/** Levels of a district, national first, and the versions of each in force on `date`, latest last. */
function inForce(versions: readonly PolicyVersion[], district: string, date: string): PolicyVersion[][] {
  return policyLevelsOf(district).map((level) =>
    versions
      .filter((v) => v.regionCode === level && v.effectiveFrom <= date)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)),
  );
}

function reference(versions: readonly PolicyVersion[], district: string, date: string): ResolvedPolicy {
  const levels = inForce(versions, district, date);
  const policy: Record<string, unknown> = {};
  for (const field of POLICY_FIELDS) {
    search: for (const level of [...levels].reverse()) {
      for (const version of [...level].reverse()) {
        if (version.fields[field] !== undefined) {
          policy[field] = version.fields[field];
          break search;
        }
      }
    }
  }
  const names = levels.filter((l) => l.length > 0).map((l) => l[l.length - 1].policyVersion);
  return { policy: policy as unknown as RegionPolicy, policyVersion: names.join('+') };
}

const startOf = (versions: readonly PolicyVersion[]) =>
  versions.filter((v) => v.regionCode === '00').reduce((a, v) => (v.effectiveFrom < a ? v.effectiveFrom : a), '9999');

describe('resolvePolicyAt properties', () => {
  it('equals a naive field-by-field reference for any book, district and date', () => {
    fc.assert(
      fc.property(versionsArb, fc.constantFrom(...DISTRICTS), askDateArb, (versions, district, date) => {
        fc.pre(date >= startOf(versions));
        expect(resolvePolicyAt(policyBook(versions), district, date)).toEqual(reference(versions, district, date));
      }),
      RUNS,
    );
  });

  it('names exactly one version per level with one in force, the latest, national first; the most specific level wins', () => {
    fc.assert(
      fc.property(versionsArb, fc.constantFrom(...DISTRICTS), askDateArb, (versions, district, date) => {
        fc.pre(date >= startOf(versions));
        const { policy, policyVersion } = resolvePolicyAt(policyBook(versions), district, date);
        const named = policyVersion.split('+');
        const levels = inForce(versions, district, date).filter((l) => l.length > 0);
        expect(named).toHaveLength(levels.length);
        expect(named[0]).toMatch(/^00@/);
        levels.forEach((level, i) => expect(named[i]).toBe(level[level.length - 1].policyVersion));
        for (const id of named) expect(id.split('@')[1] <= date).toBe(true);
        // Every field comes from the most specific level (latest version there) that sets it.
        for (const field of POLICY_FIELDS) {
          const setters = levels.flat().filter((v) => v.fields[field] !== undefined);
          const winner = setters[setters.length - 1];
          expect(policy[field]).toEqual(winner.fields[field]);
        }
      }),
      RUNS,
    );
  });

  it('a version dated after the date never applies: changing or removing it changes nothing', () => {
    fc.assert(
      fc.property(
        versionsArb,
        fc.constantFrom(...DISTRICTS),
        askDateArb,
        fc.nat(),
        overrideArb,
        (versions, district, date, pick, otherFields) => {
          fc.pre(date >= startOf(versions));
          const future = versions.filter((v) => v.effectiveFrom > date);
          fc.pre(future.length > 0);
          const target = future[pick % future.length];
          const before = resolvePolicyAt(policyBook(versions), district, date);
          expect(before.policyVersion.split('+')).not.toContain(target.policyVersion);
          const changed = versions.map((v) => (v === target ? { ...v, fields: otherFields } : v));
          const removed = versions.filter((v) => v !== target);
          expect(resolvePolicyAt(policyBook(changed), district, date)).toEqual(before);
          // Removing the earliest national version would leave a book without its full base.
          if (target.regionCode !== '00' || target.effectiveFrom !== startOf(versions)) {
            expect(resolvePolicyAt(policyBook(removed), district, date)).toEqual(before);
          }
        },
      ),
      RUNS,
    );
  });

  it('every resolved policy is complete and valid; a date before the book starts is a fault', () => {
    fc.assert(
      fc.property(versionsArb, fc.constantFrom(...DISTRICTS), askDateArb, (versions, district, date) => {
        const book = policyBook(versions);
        if (date < startOf(versions)) {
          expect(() => resolvePolicyAt(book, district, date)).toThrow(RangeError);
          return;
        }
        const { policy } = resolvePolicyAt(book, district, date);
        expect(missingPolicyFields(policy)).toEqual([]);
        expect(validatePolicyFields(policy)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('answers the same, from the cache, however the questions are ordered', () => {
    const questionsArb = fc.array(fc.tuple(fc.constantFrom(...DISTRICTS), askDateArb), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(versionsArb, questionsArb, (versions, questions) => {
        const asked = questions.filter(([, date]) => date >= startOf(versions));
        const book = policyBook(versions);
        const first = asked.map(([district, date]) => resolvePolicyAt(book, district, date));
        const again = [...asked].reverse().map(([district, date]) => resolvePolicyAt(book, district, date));
        again.reverse().forEach((answer, i) => expect(answer).toBe(first[i]));
        const fresh = policyBook(versions);
        asked.forEach(([district, date], i) => expect(resolvePolicyAt(fresh, district, date)).toEqual(first[i]));
      }),
      RUNS,
    );
  });
});
