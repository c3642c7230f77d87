/** Formats the public contract fixes for every identifier, amount and timestamp. */
export const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;
export const MAX_AMOUNT_FEN = 1_000_000_000_000;
export const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
export const REGION_CODE = /^[0-9]{6}$/;

export function isIdentifier(v: unknown): v is string {
  return typeof v === 'string' && IDENTIFIER.test(v);
}
