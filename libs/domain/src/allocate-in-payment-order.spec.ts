import { allocateInPaymentOrder } from './allocate-in-payment-order';
import type { PayableCategory } from './model/item-category';

const shares = (entries: [PayableCategory, bigint][]) => new Map(entries);

describe('allocateInPaymentOrder', () => {
  it('each payer pays min(cap, what it may pay of what is left), in order', () => {
    const result = allocateInPaymentOrder(shares([['DRUG', 1_000n]]), [
      { capFen: 300n, excludedCategories: [] },
      { capFen: 5_000n, excludedCategories: [] },
      { capFen: 5_000n, excludedCategories: [] },
    ]);
    expect(result.payers.map((p) => p.paidFen)).toEqual([300n, 700n, 0n]);
    expect(result.payers.map((p) => p.eligibleAtTurnFen)).toEqual([1_000n, 700n, 0n]);
    expect(result.unpaid.get('DRUG')).toBe(0n);
  });

  it('pays first the categories the fewest later payers could take', () => {
    const result = allocateInPaymentOrder(
      shares([
        ['DRUG', 1_000n],
        ['INPATIENT_SERVICE', 1_000n],
      ]),
      [
        { capFen: 1_500n, excludedCategories: [] },
        { capFen: 5_000n, excludedCategories: ['INPATIENT_SERVICE'] },
      ],
    );
    expect([...result.payers[0].byCategory]).toEqual([
      ['INPATIENT_SERVICE', 1_000n],
      ['DRUG', 500n],
    ]);
    expect(result.payers[1].paidFen).toBe(500n);
  });

  it('ties follow the contract category order; zero-cap payers do not count as takers', () => {
    const result = allocateInPaymentOrder(
      shares([
        ['OUTPATIENT_SERVICE', 100n],
        ['DRUG', 100n],
        ['INPATIENT_SERVICE', 100n],
      ]),
      [
        { capFen: 150n, excludedCategories: [] },
        { capFen: 0n, excludedCategories: ['DRUG'] },
      ],
    );
    expect([...result.payers[0].byCategory]).toEqual([
      ['DRUG', 100n],
      ['OUTPATIENT_SERVICE', 50n],
    ]);
    expect(result.payers[1]).toEqual({ paidFen: 0n, eligibleAtTurnFen: 150n, byCategory: new Map() });
  });

  it('no payers: everything unpaid', () => {
    const result = allocateInPaymentOrder(shares([['MEDICAL_DEVICE', 7n]]), []);
    expect(result.unpaid.get('MEDICAL_DEVICE')).toBe(7n);
    expect(result.unpaid.get('DRUG')).toBe(0n);
  });
});
