import { binaryArray } from './binary-array';

const int = (bytes: Buffer, at: number) => bytes.readInt32BE(at);

describe('binaryArray', () => {
  it("writes PostgreSQL's binary text[] layout: one dimension, null flag, oid 25, lengths and UTF-8 bytes", () => {
    const bytes = binaryArray('text', ['ab', null, '', '患']);
    expect([int(bytes, 0), int(bytes, 4), int(bytes, 8), int(bytes, 12), int(bytes, 16)]).toEqual([1, 1, 25, 4, 1]);
    expect(int(bytes, 20)).toBe(2);
    expect(bytes.subarray(24, 26).toString()).toBe('ab');
    expect(int(bytes, 26)).toBe(-1); // NULL: no bytes follow
    expect(int(bytes, 30)).toBe(0); // empty string
    expect(int(bytes, 34)).toBe(3); // one CJK character is three UTF-8 bytes
    expect(bytes.subarray(38).toString('utf8')).toBe('患');
    expect(bytes.length).toBe(41);
  });

  it('writes int8 as 8 big-endian bytes, undefined as NULL, with oid 20', () => {
    const bytes = binaryArray('int8', [-(2n ** 63n), undefined, 2n ** 53n + 1n]);
    expect([int(bytes, 0), int(bytes, 4), int(bytes, 8), int(bytes, 12)]).toEqual([1, 1, 20, 3]);
    expect(int(bytes, 20)).toBe(8);
    expect(bytes.readBigInt64BE(24)).toBe(-(2n ** 63n));
    expect(int(bytes, 32)).toBe(-1);
    expect(bytes.readBigInt64BE(40)).toBe(2n ** 53n + 1n);
    expect(bytes.length).toBe(48);
  });

  it('writes int4 and bool with oids 23 and 16', () => {
    const ints = binaryArray('int4', [-(2 ** 31), 2 ** 31 - 1]);
    expect([int(ints, 8), int(ints, 20), int(ints, 24), int(ints, 28), int(ints, 32)]).toEqual([
      23,
      4,
      -(2 ** 31),
      4,
      2 ** 31 - 1,
    ]);
    const bools = binaryArray('bool', [true, false]);
    expect([int(bools, 8), int(bools, 20), bools[24], int(bools, 25), bools[29]]).toEqual([16, 1, 1, 1, 0]);
  });

  it('writes a timestamp as microseconds since 2000-01-01 UTC, before that as negative', () => {
    const bytes = binaryArray('timestamptz', [new Date('2000-01-01T00:00:01.500Z'), new Date('1999-12-31T23:59:59Z')]);
    expect(int(bytes, 8)).toBe(1184);
    expect(bytes.readBigInt64BE(24)).toBe(1_500_000n);
    expect(bytes.readBigInt64BE(36)).toBe(-1_000_000n);
  });

  it('flags nulls only when there are some', () => {
    expect(binaryArray('text', ['x']).readInt32BE(4)).toBe(0);
  });

  it('writes an empty array with no dimensions, keeping its element type', () => {
    const bytes = binaryArray('int8', []);
    expect(bytes.length).toBe(12);
    expect([int(bytes, 0), int(bytes, 4), int(bytes, 8)]).toEqual([0, 0, 20]);
  });

  it('refuses what its type cannot hold instead of writing something else', () => {
    expect(() => binaryArray('int4', [2 ** 31])).toThrow(RangeError);
    expect(() => binaryArray('int4', [1.5])).toThrow(RangeError);
    expect(() => binaryArray('int8', [2n ** 63n])).toThrow(RangeError);
    expect(() => binaryArray('int8', [5 as unknown as bigint])).toThrow(RangeError);
    expect(() => binaryArray('timestamptz', [new Date(Number.NaN)])).toThrow(RangeError);
    expect(() => binaryArray('text', [42 as unknown as string])).toThrow(TypeError);
  });
});
