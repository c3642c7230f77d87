import { binaryTextArray } from './binary-text-array';

describe('binaryTextArray', () => {
  it("writes PostgreSQL's binary text[] layout: one dimension, null flag, oid 25, lengths and UTF-8 bytes", () => {
    const bytes = binaryTextArray(['ab', null, '', '患']);
    const int = (at: number) => bytes.readInt32BE(at);
    expect([int(0), int(4), int(8), int(12), int(16)]).toEqual([1, 1, 25, 4, 1]);
    expect(int(20)).toBe(2);
    expect(bytes.subarray(24, 26).toString()).toBe('ab');
    expect(int(26)).toBe(-1); // NULL: no bytes follow
    expect(int(30)).toBe(0); // empty string
    expect(int(34)).toBe(3); // one CJK character is three UTF-8 bytes
    expect(bytes.subarray(38).toString('utf8')).toBe('患');
    expect(bytes.length).toBe(41);
  });

  it('flags nulls only when there are some', () => {
    expect(binaryTextArray(['x']).readInt32BE(4)).toBe(0);
  });

  it('writes an empty array with no dimensions', () => {
    const bytes = binaryTextArray([]);
    expect(bytes.length).toBe(12);
    expect([bytes.readInt32BE(0), bytes.readInt32BE(4), bytes.readInt32BE(8)]).toEqual([0, 0, 25]);
  });
});
