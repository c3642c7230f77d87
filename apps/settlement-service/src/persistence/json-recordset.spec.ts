import { RawJson, jsonRecordset } from './json-recordset';

describe('jsonRecordset', () => {
  it('writes rows as one JSON array: bigint exact, dates as ISO text, nested and raw JSON as JSON', () => {
    const text = jsonRecordset([
      {
        id: 'c-"1"\\',
        amount_fen: 9007199254740993n,
        count: 3,
        ok: true,
        at: new Date('2026-11-23T01:02:03.004Z'),
        amounts: { psnPartAmtFen: 1200n, items: [1n, 2n] },
        payload: new RawJson('{"a":[1,{"b":null}]}'),
        missing: null,
        absent: undefined,
      },
      {},
    ]);
    expect(text).toBe(
      '[{"id":"c-\\"1\\"\\\\","amount_fen":9007199254740993,"count":3,"ok":true,"at":"2026-11-23T01:02:03.004Z",' +
        '"amounts":{"psnPartAmtFen":1200,"items":[1,2]},"payload":{"a":[1,{"b":null}]}},{}]',
    );
    const parsed = JSON.parse(text) as Record<string, unknown>[];
    expect(parsed[0].id).toBe('c-"1"\\');
    expect(parsed[0].payload).toEqual({ a: [1, { b: null }] });
  });

  it('an empty list is an empty array', () => {
    expect(jsonRecordset([])).toBe('[]');
  });

  it('refuses a number JSON cannot carry', () => {
    expect(() => jsonRecordset([{ x: Number.NaN }])).toThrow(RangeError);
  });
});
