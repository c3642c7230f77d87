import type { Fen } from '../money';
import { balancedEntry, type JournalEntry } from './journal-entry';
import { ledgerAccount } from './ledger-accounts';

/** Money from one account in a settlement or back to it in a reversal (a leg's account and amount). */
export interface LegAmount {
  readonly accountId: string;
  readonly amountFen: Fen;
}

/**
 * A settled charge: each leg's personal account debited, the merchant's clearing account credited
 * with the total. No entry when no account paid anything (no legs).
 */
export function settlementEntry(settlement: {
  readonly chargeId: string;
  readonly merchantId: string;
  readonly legs: readonly LegAmount[];
}): JournalEntry | null {
  const { legs } = settlement;
  if (legs.length === 0) return null;
  const total = legs.reduce((sum, leg) => sum + leg.amountFen, 0n);
  return balancedEntry('SETTLEMENT', settlement.chargeId, [
    ...legs.map((leg) => ({
      ledgerAccount: ledgerAccount.personal(leg.accountId),
      side: 'D' as const,
      amountFen: leg.amountFen,
    })),
    { ledgerAccount: ledgerAccount.merchantClearing(settlement.merchantId), side: 'C', amountFen: total },
  ]);
}
