import type { SimBinding } from '../apps/pos-simulator/src/population-model';
import { ContributionPlan } from './contribution-plan';

const bindings: SimBinding[] = [
  {
    key: 'a',
    holderId: 'r1-140100000001',
    beneficiaryId: 'r1-140105000002',
    relationship: 'MOTHER',
    monthlyLimitFen: null,
  },
  {
    key: 'b',
    holderId: 'r1-610100000003',
    beneficiaryId: 'r1-610100000004',
    relationship: 'SPOUSE',
    monthlyLimitFen: 5000,
  },
  // The same mother, bound to a second child.
  {
    key: 'c',
    holderId: 'r1-140100000005',
    beneficiaryId: 'r1-140105000002',
    relationship: 'MOTHER',
    monthlyLimitFen: null,
  },
];
const now = new Date('2026-12-04T08:00:00Z');

describe('ContributionPlan', () => {
  const plan = new ContributionPlan(bindings);
  it('never repeats a beneficiary × scheme × period within a run, a relative bound twice included', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 1000; n++) {
      const c = plan.request(n, 'run-', now);
      const key = `${c.beneficiaryId}|${c.scheme}|${c.period}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('names the binding relationship and a contract-valid month, integer fen, a unique id', () => {
    const c = plan.request(3, 'run-', now);
    expect(c).toMatchObject({ holderId: 'r1-140100000001', relationship: 'MOTHER', period: '2027-03' });
    expect(c.period).toMatch(/^[0-9]{4}-(0[1-9]|1[0-2])$/);
    expect(Number.isInteger(c.amountFen) && c.amountFen > 0).toBe(true);
    expect(plan.request(4, 'run-', now).contributionId).not.toBe(c.contributionId);
  });

  it('refuses a population without bindings', () => {
    expect(() => new ContributionPlan([]).request(0, 'run-', now)).toThrow(/no bindings/);
  });
});
