import { chinaDate, isCalendarDate, isWithinYearsBefore } from './china-date';
import { monthKey } from './month-key';

describe('monthKey (UTC+8 calendar months)', () => {
  it.each([
    ['2026-11-22T09:30:00+08:00', '2026-11'],
    ['2026-11-30T15:59:59.999Z', '2026-11'], // 23:59:59.999 in Beijing
    ['2026-11-30T16:00:00Z', '2026-12'], // midnight in Beijing
    ['2026-12-31T16:00:00Z', '2027-01'],
    ['2027-01-01T00:00:00+08:00', '2027-01'],
    ['2026-12-31T23:59:59-05:00', '2027-01'],
  ])('%s is in %s', (at, month) => {
    expect(monthKey(new Date(at))).toBe(month);
  });

  it('refuses an invalid date (fault)', () => {
    expect(() => monthKey(new Date('nope'))).toThrow(RangeError);
  });

  it('answers each instant for itself when instants alternate (the last answer is remembered)', () => {
    const november = new Date('2026-11-30T15:59:59.999Z');
    const december = new Date('2026-11-30T16:00:00Z');
    for (let i = 0; i < 3; i++) {
      expect(monthKey(november)).toBe('2026-11');
      expect(monthKey(november)).toBe('2026-11');
      expect(monthKey(december)).toBe('2026-12');
      expect(chinaDate(november)).toBe('2026-11-30');
      expect(chinaDate(december)).toBe('2026-12-01');
    }
  });
});

describe('chinaDate and look-backs', () => {
  it('gives the UTC+8 calendar date', () => {
    expect(chinaDate(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01');
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-2-28')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
  });

  const now = new Date('2026-11-22T09:30:00+08:00');
  it.each([
    ['2024-11-22', true], // exactly two years: still within (refuse rather than allow)
    ['2024-11-21', false],
    ['2025-06-01', true],
    ['2027-01-01', true], // recorded in the future: within
  ])('%s within 2 years of 2026-11-22: %p', (date, within) => {
    expect(isWithinYearsBefore(date, now, 2)).toBe(within);
  });

  it('handles Feb 29 and rejects bad input (faults)', () => {
    const leapDay = new Date('2028-02-29T12:00:00+08:00');
    expect(isWithinYearsBefore('2026-02-28', leapDay, 2)).toBe(false);
    expect(isWithinYearsBefore('2026-03-01', leapDay, 2)).toBe(true);
    expect(() => isWithinYearsBefore('2026/01/01', now, 2)).toThrow(RangeError);
    expect(() => isWithinYearsBefore('2026-01-01', now, -1)).toThrow(RangeError);
  });
});
