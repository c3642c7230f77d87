/**
 * Amounts are bigint fen inside the service and JSON integers on the wire. Contract amounts are
 * at most 10^12 and sums stay far below 2^53, so the conversion is exact; anything else is a fault.
 */
export function fenToJson(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} does not fit a JSON integer`);
  }
  return Number(value);
}

export function nullableFenToJson(value: bigint | null): number | null {
  return value === null ? null : fenToJson(value);
}

/** A validated JSON integer amount (class-validator checked @IsInt and the range) to bigint. */
export function jsonToFen(value: number): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError('amount must be a safe integer');
  return BigInt(value);
}

export function nullableJsonToFen(value: number | null | undefined): bigint | null {
  return value === null || value === undefined ? null : jsonToFen(value);
}

/** pg returns int8 and numeric sums as strings. */
export function dbFen(value: string | number | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  return BigInt(value);
}
