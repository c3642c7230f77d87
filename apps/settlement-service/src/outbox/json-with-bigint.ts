/**
 * JSON text for payloads holding bigint fen. Contract amounts are at most 10^12 per field and
 * sums stay far below 2^53, so they are written as plain JSON integers, never strings.
 */
export function stringifyWithBigint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new RangeError(`amount ${v} does not fit a JSON integer`);
      }
      return Number(v);
    }
    return v;
  });
}
