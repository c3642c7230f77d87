/**
 * Calendar dates as China Standard Time (UTC+8, no daylight saving) sees them: caps are
 * calendar months, fraud look-backs and policy effective dates are calendar dates in that zone,
 * whatever the server's zone.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

const YMD = /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

function assertValidDate(at: Date): void {
  // Not `instanceof`: Dates from another realm (vm contexts, structuredClone in tests) are Dates too.
  if (Object.prototype.toString.call(at) !== '[object Date]' || Number.isNaN(at.getTime())) {
    throw new RangeError('expected a valid Date');
  }
}

/*
 * The last two answers, by instant: a batch asks for the dates of its one `now` and of each
 * charge's `occurredAt` many times (per charge, per leg), and building one costs a Date and an
 * ISO string (2% of the service's time draining a backlog). Two slots, so that alternating
 * between `now` and one other instant does not recompute both every time.
 */
let lastMs = Number.NaN;
let lastYmd = '';
let previousMs = Number.NaN;
let previousYmd = '';

/** "YYYY-MM-DD" of `at` in UTC+8. */
export function chinaDate(at: Date): string {
  assertValidDate(at);
  const ms = at.getTime();
  if (ms === lastMs) return lastYmd;
  if (ms === previousMs) return previousYmd;
  previousMs = lastMs;
  previousYmd = lastYmd;
  lastYmd = new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  lastMs = ms;
  return lastYmd;
}

/** "YYYY-MM-DD" naming a day that exists (no 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!YMD.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number);
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whether `dateYmd` falls in the `months` calendar months up to `now` (UTC+8), both ends
 * included; a date after `now` counts as within. The cut-off keeps today's day of the month,
 * and string comparison is exact for YYYY-MM-DD: a cut-off like "02-30" (one month before
 * March 30) does not exist but still sorts between Feb 28 and Mar 1, so 24 months are exactly
 * two calendar years.
 */
export function isWithinMonthsBefore(dateYmd: string, now: Date, months: number): boolean {
  if (!isCalendarDate(dateYmd)) throw new RangeError(`expected YYYY-MM-DD, got ${JSON.stringify(dateYmd)}`);
  if (!Number.isInteger(months) || months < 0) throw new RangeError('months must be a non-negative integer');
  const today = chinaDate(now);
  const monthIndex = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const cutoff = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}${today.slice(7)}`;
  return dateYmd >= cutoff;
}
