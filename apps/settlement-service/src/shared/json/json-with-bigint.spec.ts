import fc from 'fast-check';
import { stringifyWithBigint } from './json-with-bigint';

/** The former implementation: JSON.stringify with a replacer that writes bigint as a number. */
const withReplacer = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));

const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value')),
    fc.dictionary(fc.string({ unit: 'binary' }), tie('value')),
  ),
})).value;

const withFen = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }),
    fc.string(),
    fc.integer(),
    fc.constant(null),
    fc.array(tie('value')),
    fc.dictionary(fc.string(), tie('value')),
  ),
})).value;

describe('stringifyWithBigint', () => {
  it('writes what JSON.stringify writes for values without bigint', () => {
    fc.assert(
      fc.property(jsonish, (v) => {
        const expected = JSON.stringify(v);
        if (expected === undefined) expect(() => stringifyWithBigint(v)).toThrow(TypeError);
        else expect(stringifyWithBigint(v)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes bigint fen as exact JSON integers, as the replacer did', () => {
    fc.assert(
      fc.property(withFen, (v) => {
        expect(stringifyWithBigint(v)).toBe(withReplacer(v));
      }),
      { numRuns: 2000 },
    );
    expect(stringifyWithBigint({ amountFen: 9_007_199_254_740_991n })).toBe('{"amountFen":9007199254740991}');
  });

  it('refuses a bigint beyond 2^53 instead of rounding it', () => {
    expect(() => stringifyWithBigint({ amountFen: 9_007_199_254_740_992n })).toThrow(RangeError);
    expect(() => stringifyWithBigint([-(2n ** 60n)])).toThrow(RangeError);
  });

  it('honours toJSON and leaves out functions and undefined like JSON.stringify', () => {
    const v = { at: new Date(0), f: () => 1, u: undefined, list: [undefined, () => 1], nested: { toJSON: () => 'x' } };
    expect(stringifyWithBigint(v)).toBe(JSON.stringify(v));
    expect(stringifyWithBigint({ fen: { toJSON: () => ({ amountFen: 12n }) } })).toBe('{"fen":{"amountFen":12}}');
  });

  it('keeps a "__proto__" key and boxed primitives as JSON.stringify writes them', () => {
    const v = JSON.parse('{"__proto__":{"amountFen":1},"n":2}') as Record<string, unknown>;
    expect(stringifyWithBigint(v)).toBe('{"__proto__":{"amountFen":1},"n":2}');
    const boxed = [Object(1), Object('a'), Object(true)] as unknown[];
    expect(stringifyWithBigint(boxed)).toBe(JSON.stringify(boxed));
    const withHole = [1, 2, 3];
    delete withHole[1];
    expect(stringifyWithBigint(withHole)).toBe('[1,null,3]');
  });
});
