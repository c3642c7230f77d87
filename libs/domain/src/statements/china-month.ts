const MONTH = /^([0-9]{4})-(0[1-9]|1[0-2])$/;

/** "YYYY-MM" naming a calendar month. */
export function isMonthKey(text: string): boolean {
  return MONTH.test(text);
}

/** The instants a UTC+8 calendar month starts and the next one starts (half-open: [from, to)). */
export function chinaMonthBounds(month: string): { from: Date; to: Date } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`expected YYYY-MM, got ${JSON.stringify(month)}`);
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  const from = new Date(Date.UTC(year, index, 1) - 8 * 3600_000);
  const to = new Date(Date.UTC(year, index + 1, 1) - 8 * 3600_000);
  return { from, to };
}
