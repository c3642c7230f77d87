import { generatePopulation } from './population';
import { Rng } from './prng';
import { DEFAULT_MIX, PopulationIndex, conflictingCopy, planCharge, type ChargePlan } from './traffic-plan';

const NOW = new Date('2026-11-22T09:30:00+08:00');
const pop = generatePopulation({ seed: 7, size: 800, runId: 'sTEST', now: NOW });
const index = new PopulationIndex(pop);
const plans = (seed: number, n: number): ChargePlan[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => planCharge(index, rng, i, NOW, DEFAULT_MIX));
};
const sample = plans(7, 5000);
const items = sample.flatMap((p) => p.charge.items);

describe('planCharge', () => {
  it('is deterministic from the seed and the sequence number', () => {
    expect(plans(7, 200)).toEqual(sample.slice(0, 200));
    expect(plans(8, 200)).not.toEqual(sample.slice(0, 200));
  });

  it('writes contract-valid charges: 1 to 8 lines, totals that add up, fund part within each line', () => {
    for (const { charge } of sample) {
      expect(charge.items.length).toBeGreaterThanOrEqual(1);
      expect(charge.items.length).toBeLessThanOrEqual(8);
      expect(charge.totalFen).toBe(charge.items.reduce((s, i) => s + i.amountFen, 0));
      for (const i of charge.items) {
        expect(Number.isSafeInteger(i.amountFen) && i.amountFen > 0).toBe(true);
        expect(i.fundPaidFen).toBeGreaterThanOrEqual(0);
        expect(i.fundPaidFen).toBeLessThanOrEqual(i.amountFen);
      }
      expect(charge.chargeId).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
      expect(charge.occurredAt).toMatch(/\+08:00$/);
    }
    expect(new Set(sample.map((p) => p.charge.chargeId)).size).toBe(sample.length);
  });

  it('mixes categories, off-catalogue lines and lines the pooled fund pays', () => {
    const categories = new Set(items.map((i) => i.category));
    for (const c of [
      'DRUG',
      'MEDICAL_DEVICE',
      'MEDICAL_CONSUMABLE',
      'OUTPATIENT_SERVICE',
      'HEALTH_SUPPLEMENT',
      'NON_MEDICAL',
    ]) {
      expect(categories).toContain(c);
    }
    const share = (pred: (i: (typeof items)[number]) => boolean) => items.filter(pred).length / items.length;
    expect(share((i) => !i.inCatalog)).toBeGreaterThan(0.1);
    expect(share((i) => i.category === 'HEALTH_SUPPLEMENT' || i.category === 'NON_MEDICAL')).toBeGreaterThan(0.03);
    expect(share((i) => i.fundPaidFen > 0)).toBeGreaterThan(0.05);
  });

  it("sends most charges at designated providers in the patient's own region, with the patient's own card", () => {
    const normal = sample.filter((p) => p.anomaly === 'NONE');
    expect(normal.length / sample.length).toBeGreaterThan(0.97);
    const merchants = new Map(pop.merchants.map((m) => [m.merchantId, m]));
    const persons = new Map(pop.persons.map((p) => [p.personId, p]));
    let local = 0;
    for (const { charge } of normal) {
      expect(charge.credential.personId).toBe(charge.patientId);
      expect(merchants.get(charge.merchantId)?.designated).toBe(true);
      if (merchants.get(charge.merchantId)?.regionCode === persons.get(charge.patientId)?.regionCode) local++;
    }
    expect(local / normal.length).toBeGreaterThan(0.8);
  });

  it('plants the mishaps of real counters at about the configured rates', () => {
    const rate = (pred: (p: ChargePlan) => boolean) => sample.filter(pred).length / sample.length;
    expect(rate((p) => p.duplicateAfterMs !== null)).toBeGreaterThan(0.01);
    expect(rate((p) => p.reversal?.when === 'AFTER_OUTCOME')).toBeGreaterThan(0.01);
    expect(rate((p) => p.reversal?.when === 'BEFORE_CHARGE')).toBeGreaterThan(0.001);
    for (const p of sample.filter((x) => x.anomaly === 'CREDENTIAL_MISMATCH'))
      expect(p.charge.credential.personId).not.toBe(p.charge.patientId);
    expect(sample.some((p) => p.anomaly === 'NON_DESIGNATED')).toBe(true);
  });

  it('a conflicting copy keeps the chargeId and changes the content consistently', () => {
    const original = sample[0].charge;
    const copy = conflictingCopy(original);
    expect(copy.chargeId).toBe(original.chargeId);
    expect(copy.totalFen).toBe(original.totalFen + 1);
    expect(copy.totalFen).toBe(copy.items.reduce((s, i) => s + i.amountFen, 0));
  });
});
