import { ValidationOptions, registerDecorator } from 'class-validator';

/** Formats the public contract fixes for every identifier, amount and timestamp. */
export const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;
export const MAX_AMOUNT_FEN = 1_000_000_000_000;
export const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
export const REGION_CODE = /^[0-9]{6}$/;

export function isIdentifier(v: unknown): v is string {
  return typeof v === 'string' && IDENTIFIER.test(v);
}

const TIMESTAMP_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 timestamp with an offset that names a real instant: `Date.parse` rolls
 * `2026-02-30` over to 2 March (and accepts hour 24), so each field is checked against the
 * calendar here. A leap second (`:60`) is refused: no JavaScript Date can hold it.
 */
export function isContractTimestamp(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = TIMESTAMP_PARTS.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const offsetHours = m[7] === undefined ? 0 : Number(m[7]);
  const offsetMinutes = m[8] === undefined ? 0 : Number(m[8]);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** class-validator rule for a contract timestamp (format and calendar), worded per field. */
export function IsContractTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isContractTimestamp',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be an RFC 3339 timestamp with an offset, on a real calendar date and time`,
        ...options,
      },
      validator: { validate: (value: unknown) => isContractTimestamp(value) },
    });
}
