import fc from 'fast-check';
import { account } from '../test-support/fixtures';
import { availableToOwnerFen, availableToRelativesFen, reserveFenOf } from './available-money';

describe('reserveFenOf and availableToRelativesFen', () => {
  it('a fixed reserve: relatives draw above it and above what is held', () => {
    const a = account('h', 10_000n, { reserveFen: 2_000n, heldFen: 1_000n });
    expect(reserveFenOf(a)).toBe(2_000n);
    expect(availableToRelativesFen(a)).toBe(7_000n);
    expect(availableToOwnerFen(a)).toBe(9_000n);
  });

  it('seed 001_a5f479d59029a871 (建议预留20%余额): a 20% ratio keeps a fifth of the balance at the draw', () => {
    expect(reserveFenOf(account('h', 10_000n, { reserveRatioPercent: 20 }))).toBe(2_000n);
    expect(availableToRelativesFen(account('h', 10_000n, { reserveRatioPercent: 20, heldFen: 500n }))).toBe(7_500n);
  });

  it.each([
    [1n, 20, 1n], // 0.2 fen rounds up: never less than the ratio
    [999n, 20, 200n], // 199.8 -> 200
    [1_000n, 20, 200n],
    [1_001n, 33, 331n], // 330.33 -> 331
    [0n, 50, 0n],
    [12_345n, 0, 0n],
    [12_345n, 100, 12_345n],
  ])('balance %p at %p%%: reserve %p (rounded up)', (balanceFen, reserveRatioPercent, reserve) => {
    expect(reserveFenOf(account('h', balanceFen, { reserveRatioPercent }))).toBe(reserve);
  });

  it('with both, the larger applies; null or absent means no ratio', () => {
    expect(reserveFenOf(account('h', 10_000n, { reserveFen: 3_000n, reserveRatioPercent: 20 }))).toBe(3_000n);
    expect(reserveFenOf(account('h', 10_000n, { reserveFen: 1_000n, reserveRatioPercent: 20 }))).toBe(2_000n);
    expect(reserveFenOf(account('h', 10_000n, { reserveFen: 1_000n, reserveRatioPercent: null }))).toBe(1_000n);
    expect(reserveFenOf(account('h', 10_000n, { reserveFen: 1_000n }))).toBe(1_000n);
  });

  it('never negative, even when the holds exceed what is left', () => {
    expect(availableToRelativesFen(account('h', 1_000n, { reserveRatioPercent: 50, heldFen: 900n }))).toBe(0n);
  });

  it.each([101, -1, 1.5, Number.NaN])('a ratio of %p is a fault', (reserveRatioPercent) => {
    expect(() => availableToRelativesFen(account('h', 1_000n, { reserveRatioPercent }))).toThrow(RangeError);
  });

  it('property: drawing what is available never leaves less than the reserve, the holds or the ratio; one fen more would', () => {
    const accountArb = fc.record({
      balanceFen: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      heldFen: fc.bigInt({ min: 0n, max: 10n ** 6n }),
      reserveFen: fc.bigInt({ min: 0n, max: 10n ** 6n }),
      reserveRatioPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    });
    fc.assert(
      fc.property(accountArb, (fields) => {
        const a = account('h', fields.balanceFen, fields);
        const drawn = availableToRelativesFen(a);
        expect(drawn >= 0n).toBe(true);
        expect(drawn <= availableToOwnerFen(a)).toBe(true);
        const left = a.balanceFen - drawn;
        const ratio = BigInt(fields.reserveRatioPercent ?? 0);
        if (drawn > 0n) {
          expect(left >= a.heldFen + a.reserveFen).toBe(true);
          // Stated without ceil: what stays beyond the holds is at least ratio% of the balance.
          expect((left - a.heldFen) * 100n >= a.balanceFen * ratio).toBe(true);
        }
        // Maximal: one fen more breaks a rule.
        const more = left - 1n;
        const breaks = more < a.heldFen + a.reserveFen || (more - a.heldFen) * 100n < a.balanceFen * ratio || more < 0n;
        expect(breaks).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
