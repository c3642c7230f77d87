import { generatePopulation } from './population';
import type { SimPerson } from './population-model';
import { SCHEME_FEN, planSeason } from './season-plan';

const NOW = new Date('2026-11-22T09:30:00+08:00');
const pop = generatePopulation({ seed: 42, size: 1500, runId: 'sTEST', now: NOW });
const byId = new Map(pop.persons.map((p) => [p.personId, p]));
const plan = planSeason(pop, { seed: 42, share: 0.3, now: NOW });
const holder = (id: string) => byId.get(id) as SimPerson;

describe('planSeason', () => {
  it('is deterministic and pays for next year', () => {
    expect(planSeason(pop, { seed: 42, share: 0.3, now: NOW })).toEqual(plan);
    expect(new Set(plan.map((p) => p.body.period.slice(0, 4)))).toEqual(new Set(['2027']));
  });

  it("plans payments only within each region's policy", () => {
    const paid = plan.filter((p) => p.expect === 'PAID');
    expect(paid.length).toBeGreaterThan(50);
    for (const p of paid) {
      const h = holder(p.body.holderId);
      const b = holder(p.body.beneficiaryId);
      expect(h.insuranceType).toBe('EMPLOYEE');
      if (h.regionCode.startsWith('14')) {
        // Shanxi: three schemes, within the province; Taiyuan widened the relationships in 2026.
        expect(b.regionCode.slice(0, 2)).toBe('14');
        if (!h.regionCode.startsWith('1401'))
          expect(['SPOUSE', 'FATHER', 'MOTHER', 'CHILD']).toContain(p.body.relationship);
      } else {
        expect(p.body.scheme).toBe('RESIDENT_MEDICAL');
        // Shaanxi: the same city (pooling area).
        if (h.regionCode.startsWith('61')) expect(b.regionCode.slice(0, 4)).toBe(h.regionCode.slice(0, 4));
      }
      expect(p.body.amountFen).toBe(SCHEME_FEN[p.body.scheme]);
    }
    expect(new Set(paid.map((p) => p.body.scheme))).toEqual(
      new Set(['RESIDENT_MEDICAL', 'LONG_TERM_CARE', 'SUPPLEMENTARY_MEDICAL']),
    );
  });

  it('never plans two payments for the same beneficiary, scheme and period', () => {
    const keys = plan
      .filter((p) => p.expect === 'PAID')
      .map((p) => `${p.body.beneficiaryId} ${p.body.scheme} ${p.body.period}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('never plans a refusal for money on what another holder pays (that one would be ALREADY_PAID)', () => {
    const key = (p: (typeof plan)[number]) => `${p.body.beneficiaryId} ${p.body.scheme} ${p.body.period}`;
    const paid = new Set(plan.filter((p) => p.expect === 'PAID').map(key));
    const broke = plan.filter((p) => p.expect === 'INSUFFICIENT_BALANCE');
    expect(broke.length).toBeGreaterThan(0);
    for (const p of broke) expect(paid.has(key(p))).toBe(false);
  });

  it('includes requests each rule must refuse, and some that ask more than the account can ever hold', () => {
    const codes = new Set(plan.map((p) => p.expect));
    for (const code of [
      'RELATIONSHIP_NOT_ALLOWED',
      'SCHEME_NOT_ALLOWED',
      'CROSS_REGION_NOT_ALLOWED',
      'HOLDER_NOT_EMPLOYEE',
      'INSUFFICIENT_BALANCE',
    ]) {
      expect(codes).toContain(code);
    }
    for (const p of plan.filter((x) => x.expect === 'INSUFFICIENT_BALANCE')) {
      // Above what was paid in less the reserve: spending and reversals never raise it.
      const h = holder(p.body.holderId);
      const available = h.credits.reduce((s, c) => s + c.amountFen, 0) - (h.reserveFen ?? 0);
      expect(p.body.amountFen).toBeGreaterThan(available);
    }
  });

  it('uses both channels and unique ids', () => {
    expect(new Set(plan.map((p) => p.channel))).toEqual(new Set(['KAFKA', 'HTTP']));
    expect(new Set(plan.map((p) => p.body.contributionId)).size).toBe(plan.length);
  });

  it('plans nothing with share 0 but the refusals', () => {
    expect(planSeason(pop, { seed: 42, share: 0, now: NOW }).filter((p) => p.expect === 'PAID')).toEqual([]);
  });
});
