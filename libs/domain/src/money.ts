/**
 * Money in the domain: integer fen (1 yuan = 100 fen) as `bigint`, never floating point.
 * Yuan strings only exist at the edges (the insurer's two-decimal fields, human-readable logs).
 */
export type Fen = bigint;

/** Largest amount the public contract carries: 10^12 fen. */
export const MAX_CONTRACT_FEN: Fen = 1_000_000_000_000n;

export function minFen(first: Fen, ...rest: readonly Fen[]): Fen {
  let min = first;
  for (const value of rest) if (value < min) min = value;
  return min;
}

export function maxFen(first: Fen, ...rest: readonly Fen[]): Fen {
  let max = first;
  for (const value of rest) if (value > max) max = value;
  return max;
}

export function sumFen(values: Iterable<Fen>): Fen {
  let sum = 0n;
  for (const value of values) sum += value;
  return sum;
}

/** Negative "money left" means none left (e.g. a limit lowered below this month's usage). */
export function atLeastZeroFen(value: Fen): Fen {
  return value < 0n ? 0n : value;
}

export function isContractFen(value: Fen): boolean {
  return value >= 0n && value <= MAX_CONTRACT_FEN;
}

/** Fault guard: inputs the adapter already validated must never be negative here. */
export function assertNonNegativeFen(value: Fen, what: string): void {
  if (typeof value !== 'bigint') throw new TypeError(`${what} must be a bigint amount in fen`);
  if (value < 0n) throw new RangeError(`${what} must not be negative`);
}

/** 1234n -> "12.34", -5n -> "-0.05". */
export function fenToYuanString(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan.toString()}.${cents}`;
}

// Strict: optional leading '-', no leading zeros, at most two decimals, nothing else.
const YUAN_STRING = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;

/** "12.34" -> 1234n; null for anything that is not a plain yuan amount with at most two decimals. */
export function parseYuanString(text: string): Fen | null {
  const match = YUAN_STRING.exec(text);
  if (match === null) return null;
  const [, sign, yuan, decimals = ''] = match;
  const fen = BigInt(yuan) * 100n + BigInt(decimals.padEnd(2, '0'));
  return sign === '-' ? -fen : fen;
}

/** Like `parseYuanString`, for callers that treat a malformed amount as a fault. */
export function yuanStringToFen(text: string): Fen {
  const fen = parseYuanString(text);
  if (fen === null) throw new RangeError(`not a yuan amount with at most two decimals: ${JSON.stringify(text)}`);
  return fen;
}
