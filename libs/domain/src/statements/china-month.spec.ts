import { chinaMonthBounds, isMonthKey } from './china-month';

describe('chinaMonthBounds', () => {
  it('starts at midnight UTC+8 on the first and ends where the next month starts', () => {
    expect(chinaMonthBounds('2026-11')).toEqual({
      from: new Date('2026-11-01T00:00:00+08:00'),
      to: new Date('2026-12-01T00:00:00+08:00'),
    });
    expect(chinaMonthBounds('2026-12').to).toEqual(new Date('2027-01-01T00:00:00+08:00'));
  });

  it('knows what a month is', () => {
    expect(isMonthKey('2026-02')).toBe(true);
    expect(isMonthKey('2026-13')).toBe(false);
    expect(isMonthKey('2026-1')).toBe(false);
    expect(() => chinaMonthBounds('2026-00')).toThrow(RangeError);
  });
});
