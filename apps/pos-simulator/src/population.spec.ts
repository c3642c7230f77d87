import { generatePopulation } from './population';
import type { Population, SimBinding, SimPerson } from './population-model';

const NOW = new Date('2026-11-22T09:30:00+08:00');
const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;

function population(seed: number, size = 3000): Population {
  return generatePopulation({ seed, size, runId: 'sTEST', now: NOW });
}

const pop = population(42);
const byId = new Map(pop.persons.map((p) => [p.personId, p]));
const bindings = pop.families.flatMap((f) => f.bindings);
const holderOf = (b: SimBinding) => byId.get(b.holderId) as SimPerson;
const beneficiaryOf = (b: SimBinding) => byId.get(b.beneficiaryId) as SimPerson;
const inProvince = (prefix: string) => bindings.filter((b) => holderOf(b).regionCode.startsWith(prefix));
const balanceOf = (p: SimPerson) => p.credits.reduce((s, c) => s + c.amountFen, 0);

describe('generatePopulation', () => {
  it('is deterministic from the seed', () => {
    expect(population(42)).toEqual(pop);
    expect(population(43)).not.toEqual(pop);
  });

  it('makes at least the persons asked for, in whole families, with valid unique identifiers', () => {
    expect(pop.persons.length).toBeGreaterThanOrEqual(3000);
    expect(pop.persons.length).toBeLessThan(3020);
    const ids = [...pop.persons.map((p) => p.personId), ...pop.merchants.map((m) => m.merchantId)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(IDENTIFIER);
    for (const f of pop.families) expect(f.memberIds.every((id) => byId.get(id)?.familyId === f.familyId)).toBe(true);
  });

  it("spreads families over Shaanxi, Shanxi, Tai'an and national-rule regions, employees and residents", () => {
    const codes = new Set(pop.families.map((f) => f.regionCode));
    expect([...codes].some((c) => c.startsWith('61'))).toBe(true);
    expect([...codes].some((c) => c.startsWith('14'))).toBe(true);
    expect([...codes].some((c) => c.startsWith('3709'))).toBe(true);
    expect(codes.has('110105')).toBe(true);
    const employees = pop.persons.filter((p) => p.insuranceType === 'EMPLOYEE').length;
    expect(employees / pop.persons.length).toBeGreaterThan(0.3);
    expect(employees / pop.persons.length).toBeLessThan(0.8);
    // Residents have no account and so no money paid in.
    for (const p of pop.persons) if (p.insuranceType === 'RESIDENT') expect(p.credits).toEqual([]);
    expect(bindings.length).toBeGreaterThan(pop.persons.length / 3);
  });

  it('binds only active employee holders to active relatives, never themselves, never a pair twice', () => {
    const pairs = new Set<string>();
    for (const b of bindings) {
      expect(holderOf(b).insuranceType).toBe('EMPLOYEE');
      expect(holderOf(b).enrollmentStatus).toBe('ACTIVE');
      expect(beneficiaryOf(b).enrollmentStatus).toBe('ACTIVE');
      expect(b.holderId).not.toBe(b.beneficiaryId);
      expect(holderOf(b).familyId).toBe(beneficiaryOf(b).familyId);
      const pair = `${b.holderId}>${b.beneficiaryId}`;
      expect(pairs.has(pair)).toBe(false);
      pairs.add(pair);
    }
  });

  it('Shaanxi: a limit of 200..2000 yuan on every binding, no cross-province members, rich and honest holders', () => {
    const shaanxi = inProvince('61');
    expect(shaanxi.length).toBeGreaterThan(50);
    for (const b of shaanxi) {
      expect(b.monthlyLimitFen).not.toBeNull();
      expect(b.monthlyLimitFen).toBeGreaterThanOrEqual(20_000);
      expect(b.monthlyLimitFen).toBeLessThanOrEqual(200_000);
      expect(beneficiaryOf(b).regionCode.slice(0, 2)).toBe('61');
      expect(balanceOf(holderOf(b))).toBeGreaterThanOrEqual(100_000);
      const fraud = holderOf(b).fraudRecordAt;
      if (fraud !== null) expect(fraud < '2024-11-22').toBe(true);
    }
  });

  it('Shanxi: only spouse, parents and children outside Taiyuan (all near relatives there since 2026-02-06), no cross-province members', () => {
    const shanxi = inProvince('14');
    expect(shanxi.length).toBeGreaterThan(30);
    for (const b of shanxi) {
      if (!holderOf(b).regionCode.startsWith('1401')) {
        expect(['SPOUSE', 'FATHER', 'MOTHER', 'CHILD']).toContain(b.relationship);
      }
      expect(beneficiaryOf(b).regionCode.slice(0, 2)).toBe('14');
    }
    const taiyuan = inProvince('1401');
    expect(taiyuan.some((b) => !['SPOUSE', 'FATHER', 'MOTHER', 'CHILD'].includes(b.relationship))).toBe(true);
    expect(shanxi.length).toBeGreaterThan(taiyuan.length);
  });

  it("Tai'an: at most 8 relatives and one father, mother and spouse per holder, nobody in both roles", () => {
    const taian = inProvince('3709');
    expect(taian.length).toBeGreaterThan(30);
    const perHolder = new Map<string, SimBinding[]>();
    for (const b of taian) perHolder.set(b.holderId, [...(perHolder.get(b.holderId) ?? []), b]);
    for (const list of perHolder.values()) {
      expect(list.length).toBeLessThanOrEqual(8);
      for (const rel of ['FATHER', 'MOTHER', 'SPOUSE'])
        expect(list.filter((b) => b.relationship === rel).length).toBeLessThanOrEqual(1);
    }
    const beneficiaries = new Set(bindings.map((b) => b.beneficiaryId));
    for (const holderId of perHolder.keys()) expect(beneficiaries.has(holderId)).toBe(false);
    const holders = new Set(bindings.map((b) => b.holderId));
    for (const b of taian) expect(holders.has(b.beneficiaryId)).toBe(false);
    // Some holders also set one limit for all relatives together.
    expect(pop.persons.some((p) => p.regionCode.startsWith('3709') && p.relativesMonthlyLimitFen !== null)).toBe(true);
    expect(pop.persons.every((p) => p.relativesMonthlyLimitFen === null || p.regionCode.startsWith('3709'))).toBe(true);
  });

  it('national rules: all near relatives, across provinces too', () => {
    const national = bindings.filter((b) => !/^(61|14|3709)/.test(holderOf(b).regionCode));
    const relationships = new Set(national.map((b) => b.relationship));
    for (const rel of ['SPOUSE', 'CHILD', 'FATHER', 'MOTHER', 'GRANDPARENT', 'SIBLING', 'GRANDCHILD'])
      expect(relationships).toContain(rel);
    expect(national.some((b) => holderOf(b).regionCode.slice(0, 2) !== beneficiaryOf(b).regionCode.slice(0, 2))).toBe(
      true,
    );
  });

  it('orders the payment of beneficiaries with several holders over exactly their bindings', () => {
    for (const f of pop.families) {
      for (const o of f.fundingOrders) {
        const mine = f.bindings.filter((b) => b.beneficiaryId === o.beneficiaryId).map((b) => b.key);
        expect([...o.bindingKeys].sort()).toEqual([...mine].sort());
        expect(mine.length).toBeGreaterThan(1);
      }
    }
    expect(pop.families.some((f) => f.fundingOrders.length > 0)).toBe(true);
  });

  it('gives every region designated pharmacies and clinics, and some shops that are not designated', () => {
    const regions = new Set(pop.persons.map((p) => p.regionCode));
    for (const code of regions) {
      const here = pop.merchants.filter((m) => m.regionCode === code && m.designated);
      expect(here.some((m) => m.kind === 'PHARMACY')).toBe(true);
      expect(here.some((m) => m.kind === 'CLINIC')).toBe(true);
    }
    expect(pop.merchants.some((m) => !m.designated)).toBe(true);
  });

  it('keeps reserves and money within sane bounds', () => {
    for (const p of pop.persons) {
      for (const c of p.credits) expect(Number.isSafeInteger(c.amountFen) && c.amountFen > 0).toBe(true);
      if (p.reserveFen !== null) expect(p.reserveFen).toBeGreaterThanOrEqual(0);
    }
  });
});
