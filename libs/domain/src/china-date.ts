/**
 * Calendar dates as China Standard Time (UTC+8, no daylight saving) sees them: caps are
 * calendar months and fraud look-backs are calendar dates in that zone, whatever the server's zone.
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
 * The last answer, by instant: a batch asks for the date of its one `now` many times (per charge,
 * per leg), and building it costs a Date and an ISO string each time (2% of the service's time
 * draining a backlog).
 */
let lastMs = Number.NaN;
let lastYmd = '';

/** "YYYY-MM-DD" of `at` in UTC+8. */
export function chinaDate(at: Date): string {
  assertValidDate(at);
  const ms = at.getTime();
  if (ms !== lastMs) {
    lastYmd = new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    lastMs = ms;
  }
  return lastYmd;
}

export function isCalendarDate(text: string): boolean {
  return YMD.test(text);
}

/**
 * Whether `dateYmd` falls in the `years` calendar years up to `now` (UTC+8), both ends
 * included; a date after `now` counts as within. String comparison is exact for YYYY-MM-DD,
 * and a Feb 29 cut-off in a non-leap year still sorts between Feb 28 and Mar 1.
 */
export function isWithinYearsBefore(dateYmd: string, now: Date, years: number): boolean {
  if (!isCalendarDate(dateYmd)) throw new RangeError(`expected YYYY-MM-DD, got ${JSON.stringify(dateYmd)}`);
  if (!Number.isInteger(years) || years < 0) throw new RangeError('years must be a non-negative integer');
  const today = chinaDate(now);
  const cutoff = `${String(Number(today.slice(0, 4)) - years).padStart(4, '0')}${today.slice(4)}`;
  return dateYmd >= cutoff;
}
