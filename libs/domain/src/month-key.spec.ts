import { chinaDate, isCalendarDate, isWithinMonthsBefore } from './china-date';
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
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-04-31')).toBe(false);
  });

  it('answers for three instants in turn (two are remembered, the third recomputed)', () => {
    const instants = ['2026-01-31T16:00:00Z', '2026-06-30T12:00:00Z', '2026-12-31T15:59:59Z'].map((t) => new Date(t));
    for (let i = 0; i < 2; i++) {
      expect(instants.map(chinaDate)).toEqual(['2026-02-01', '2026-06-30', '2026-12-31']);
      expect(chinaDate(instants[1])).toBe('2026-06-30');
    }
  });

  const now = new Date('2026-11-22T09:30:00+08:00');
  it.each([
    ['2024-11-22', true], // exactly two years: still within (refuse rather than allow)
    ['2024-11-21', false],
    ['2025-06-01', true],
    ['2027-01-01', true], // recorded in the future: within
  ])('%s within 24 months of 2026-11-22: %p', (date, within) => {
    expect(isWithinMonthsBefore(date, now, 24)).toBe(within);
  });

  it.each([
    ['2026-10-22', 1, true],
    ['2026-10-21', 1, false],
    ['2025-12-22', 11, true],
    ['2025-11-22', 12, true],
    ['2025-11-21', 12, false],
    ['2026-11-22', 0, true],
    ['2026-11-21', 0, false],
  ])('%s within %p months of 2026-11-22: %p', (date, months, within) => {
    expect(isWithinMonthsBefore(date, now, months)).toBe(within);
  });

  it('handles Feb 29 and rejects bad input (faults)', () => {
    const leapDay = new Date('2028-02-29T12:00:00+08:00');
    expect(isWithinMonthsBefore('2026-02-28', leapDay, 24)).toBe(false);
    expect(isWithinMonthsBefore('2026-03-01', leapDay, 24)).toBe(true);
    // One month before March 31: "02-31" sorts after every day of February.
    const march31 = new Date('2026-03-31T12:00:00+08:00');
    expect(isWithinMonthsBefore('2026-02-28', march31, 1)).toBe(false);
    expect(isWithinMonthsBefore('2026-03-01', march31, 1)).toBe(true);
    // Across the year boundary.
    expect(isWithinMonthsBefore('2025-11-15', new Date('2026-01-15T12:00:00+08:00'), 2)).toBe(true);
    expect(isWithinMonthsBefore('2025-11-14', new Date('2026-01-15T12:00:00+08:00'), 2)).toBe(false);
    expect(() => isWithinMonthsBefore('2026/01/01', now, 2)).toThrow(RangeError);
    expect(() => isWithinMonthsBefore('2026-02-30', now, 2)).toThrow(RangeError);
    expect(() => isWithinMonthsBefore('2026-01-01', now, -1)).toThrow(RangeError);
    expect(() => isWithinMonthsBefore('2026-01-01', now, 1.5)).toThrow(RangeError);
  });
});
