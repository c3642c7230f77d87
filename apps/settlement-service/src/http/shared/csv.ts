/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted; text that a spreadsheet
 * would run as a formula (starting = + - @) is prefixed with a quote mark. Numbers are written as
 * they are (a negative amount stays a number).
 */
export function csvRow(values: readonly (string | number | bigint | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvField(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
