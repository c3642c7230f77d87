import { chinaDate } from './china-date';

/**
 * "YYYY-MM" of the calendar month in UTC+8 that `at` falls in: the month monthly caps count in.
 */
export function monthKey(at: Date): string {
  return chinaDate(at).slice(0, 7);
}
