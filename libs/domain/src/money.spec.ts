import fc from 'fast-check';
import {
  assertNonNegativeFen,
  atLeastZeroFen,
  fenToYuanString,
  isContractFen,
  MAX_CONTRACT_FEN,
  maxFen,
  minFen,
  parseYuanString,
  sumFen,
  yuanStringToFen,
} from './money';

describe('money', () => {
  it.each([
    [1234n, '12.34'],
    [0n, '0.00'],
    [5n, '0.05'],
    [100n, '1.00'],
    [-5n, '-0.05'],
    [-123456n, '-1234.56'],
    [MAX_CONTRACT_FEN, '10000000000.00'],
  ])('fenToYuanString(%p) = %p', (fen, yuan) => {
    expect(fenToYuanString(fen)).toBe(yuan);
  });

  it.each([
    ['12.34', 1234n],
    ['12.3', 1230n],
    ['12', 1200n],
    ['0', 0n],
    ['0.05', 5n],
    ['-0.05', -5n],
    ['-12.34', -1234n],
    ['1000', 100000n],
  ])('yuanStringToFen(%p) = %p', (yuan, fen) => {
    expect(yuanStringToFen(yuan)).toBe(fen);
  });

  it.each(['12.345', '+1', '1.', '.5', '', ' 1', '1 ', '1e3', '01', '--1', '1,00', '0x10', 'NaN', '1.2.3', '１２'])(
    'rejects %p',
    (text) => {
      expect(parseYuanString(text)).toBeNull();
      expect(() => yuanStringToFen(text)).toThrow(RangeError);
    },
  );

  it('round-trips every amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MAX_CONTRACT_FEN, max: MAX_CONTRACT_FEN }), (fen) => {
        expect(yuanStringToFen(fenToYuanString(fen))).toBe(fen);
      }),
      { numRuns: 300 },
    );
  });

  it('min, max, sum and floor', () => {
    expect(minFen(3n, 1n, 2n)).toBe(1n);
    expect(minFen(4n)).toBe(4n);
    expect(maxFen(3n, 5n, 2n)).toBe(5n);
    expect(sumFen([1n, 2n, 3n])).toBe(6n);
    expect(sumFen([])).toBe(0n);
    expect(atLeastZeroFen(-3n)).toBe(0n);
    expect(atLeastZeroFen(3n)).toBe(3n);
  });

  it('contract range is 0..10^12', () => {
    expect(isContractFen(0n)).toBe(true);
    expect(isContractFen(MAX_CONTRACT_FEN)).toBe(true);
    expect(isContractFen(MAX_CONTRACT_FEN + 1n)).toBe(false);
    expect(isContractFen(-1n)).toBe(false);
  });

  it('guards against negative or non-bigint amounts (faults)', () => {
    expect(() => assertNonNegativeFen(0n, 'x')).not.toThrow();
    expect(() => assertNonNegativeFen(-1n, 'x')).toThrow(RangeError);
    expect(() => assertNonNegativeFen(1 as unknown as bigint, 'x')).toThrow(TypeError);
  });
});
