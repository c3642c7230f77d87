import { atLeastZeroFen, type Fen } from './money';
import type { Account } from './model/account';

/** What the owner may spend on their own care: "without limit", only holds are off-limits. */
export function availableToOwnerFen(account: Account): Fen {
  return atLeastZeroFen(account.balanceFen - account.heldFen);
}

/**
 * What a relatives' draw or a contribution must leave on the account now: the fixed reserve,
 * or ceil(balance × ratio / 100) where a ratio is set, whichever is more (so the share kept is
 * never below the ratio). Integer arithmetic; a ratio outside 0..100 is a fault.
 */
export function reserveFenOf(account: Account): Fen {
  const ratio = account.reserveRatioPercent ?? null;
  if (ratio === null) return account.reserveFen;
  if (!Number.isInteger(ratio) || ratio < 0 || ratio > 100) {
    throw new RangeError('reserveRatioPercent must be an integer from 0 to 100');
  }
  const share = ceilDiv(atLeastZeroFen(account.balanceFen) * BigInt(ratio), 100n);
  return share > account.reserveFen ? share : account.reserveFen;
}

/** What relatives may draw, and what relatives' contributions may use: the reserve stays untouched too. */
export function availableToRelativesFen(account: Account): Fen {
  return atLeastZeroFen(account.balanceFen - account.heldFen - reserveFenOf(account));
}

/** ceil(n / d) for n >= 0, d > 0. */
function ceilDiv(n: Fen, d: Fen): Fen {
  return (n + d - 1n) / d;
}
