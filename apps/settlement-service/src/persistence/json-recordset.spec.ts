import { RawJson, jsonRecordset } from './json-recordset';

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
});
