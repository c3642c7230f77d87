import type { Fen } from '../money';

/**
 * A merchant's day as both sides count it (contract 1.1 §2, the insurer's 3201): the settled
 * figures count every charge settled that day, reversed later or not; the reversed figures count
 * the reversals made that day of settled charges, `reversedFen` being what went back to accounts.
 */
export interface DayTotals {
  readonly settledCount: number;
  readonly acctPayFen: Fen;
  readonly acctMulaidPayFen: Fen;
  readonly reversedCount: number;
  readonly reversedFen: Fen;
}

export const DAY_TOTAL_FIELDS = [
  'settledCount',
  'acctPayFen',
  'acctMulaidPayFen',
  'reversedCount',
  'reversedFen',
] as const;

export interface DayComparison {
  readonly result: 'MATCHED' | 'MISMATCHED';
  /** The fields whose figures differ, in the order of DAY_TOTAL_FIELDS. */
  readonly differences: readonly (typeof DAY_TOTAL_FIELDS)[number][];
}

/** MATCHED only when every figure is equal; counts compare as numbers, money as fen. */
export function compareDayTotals(theirs: DayTotals, ours: DayTotals): DayComparison {
  const differences = DAY_TOTAL_FIELDS.filter((field) => BigInt(theirs[field]) !== BigInt(ours[field]));
  return { result: differences.length === 0 ? 'MATCHED' : 'MISMATCHED', differences };
}
