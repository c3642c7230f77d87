import type { Fen } from '../money';

/** An employee's personal account. */
export interface Account {
  readonly accountId: string;
  readonly personId: string;
  readonly balanceFen: Fen;
  /** Promised to operations in flight (e.g. pending authorizations); nobody may spend it. */
  readonly heldFen: Fen;
  /** What relatives' draws and contributions must leave untouched; the owner's own spending ignores it. */
  readonly reserveFen: Fen;
  /**
   * Reserve as a share of the balance at each draw (0..100): the draw leaves at least
   * ceil(balance × ratio / 100). With reserveFen too, the larger applies. Absent or null: none.
   */
  readonly reserveRatioPercent?: number | null;
  /** One monthly limit for all relatives together, where the holder's region provides it. */
  readonly relativesMonthlyLimitFen: Fen | null;
}
