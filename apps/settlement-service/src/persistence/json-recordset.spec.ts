import fc from 'fast-check';
import { RawJson, RecordsetValue, jsonRecordset } from './json-recordset';

describe('jsonRecordset', () => {
  it('writes rows as one JSON array: bigint as exact digits, dates as ISO text, raw JSON as JSON', () => {
    const text = jsonRecordset([
      {
        id: 'c-"1"\\',
        amount_fen: 9007199254740993n,
        count: 3,
        ok: true,
        at: new Date('2026-11-23T01:02:03.004Z'),
        lines: [{ line_no: 1, side: 'D' }],
        payload: new RawJson('{"a":[1,{"b":null}]}'),
        missing: null,
        absent: undefined,
      },
      {},
    ]);
    expect(text).toBe(
      '[{"id":"c-\\"1\\"\\\\","amount_fen":"9007199254740993","count":3,"ok":true,"at":"2026-11-23T01:02:03.004Z",' +
        '"lines":[{"line_no":1,"side":"D"}],"payload":{"a":[1,{"b":null}]}},{}]',
    );
    const parsed = JSON.parse(text) as Record<string, unknown>[];
    expect(parsed[0].id).toBe('c-"1"\\');
    expect(BigInt(parsed[0].amount_fen as string)).toBe(9007199254740993n);
    expect(parsed[0].payload).toEqual({ a: [1, { b: null }] });
  });

  it('writes a row of only raw JSON', () => {
    expect(jsonRecordset([{ a: new RawJson('[1]'), b: new RawJson('{}') }])).toBe('[{"a":[1],"b":{}}]');
  });

  it('an empty list is an empty array', () => {
    expect(jsonRecordset([])).toBe('[]');
  });

  it('refuses a number JSON cannot carry', () => {
    expect(() => jsonRecordset([{ x: Number.NaN }])).toThrow(RangeError);
    expect(() => jsonRecordset([{ x: Infinity }])).toThrow(RangeError);
  });

  it('refuses a bigint nested in plain JSON instead of losing it (such values go as RawJson)', () => {
    expect(() => jsonRecordset([{ amounts: { acctPayFen: 1n } }])).toThrow(TypeError);
  });

  it('reads back as the rows it was given, whatever mix of plain and raw columns (property)', () => {
    const json = fc.jsonValue();
    const columnName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,11}$/).filter((k) => k !== '__proto__'); // identifiers
    const column = fc.oneof(
      fc.string({ unit: 'binary' }).map((v) => ({ value: v as RecordsetValue, expected: v as unknown })),
      fc.integer().map((v) => ({ value: v as RecordsetValue, expected: v as unknown })),
      fc.bigInt().map((v) => ({ value: v as RecordsetValue, expected: v.toString() as unknown })),
      fc.constant(null).map(() => ({ value: null as RecordsetValue, expected: undefined as unknown })),
      json
        .map((v) => JSON.stringify(v))
        .map((text) => ({ value: new RawJson(text) as RecordsetValue, expected: JSON.parse(text) as unknown })),
    );
    fc.assert(
      fc.property(fc.array(fc.dictionary(columnName, column)), (rows) => {
        const expected = rows.map((r) => {
          const o: Record<string, unknown> = {};
          for (const [k, c] of Object.entries(r)) if (c.expected !== undefined) o[k] = c.expected;
          return o;
        });
        const given = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, c]) => [k, c.value])));
        expect(JSON.parse(jsonRecordset(given))).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
