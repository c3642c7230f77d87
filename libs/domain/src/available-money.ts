import { atLeastZeroFen, type Fen } from './money';
import type { Account } from './model/account';

/** What the owner may spend on their own care: "without limit", only holds are off-limits. */
export function availableToOwnerFen(account: Account): Fen {
  return atLeastZeroFen(account.balanceFen - account.heldFen);
}

/** What relatives may draw: the reserve stays untouched too. */
export function availableToRelativesFen(account: Account): Fen {
  return atLeastZeroFen(account.balanceFen - account.heldFen - account.reserveFen);
}
