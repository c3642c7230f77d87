import { balancedEntry, type JournalEntry } from './journal-entry';
import { ledgerAccount } from './ledger-accounts';
import type { LegAmount } from './settlement-entry';

/**
 * A reversal, the settlement the other way: the merchant's clearing account debited with the
 * total, each returned leg's personal account credited. No entry when nothing was returned.
 */
export function reversalEntry(reversal: {
  readonly reversalId: string;
  readonly merchantId: string;
  readonly legs: readonly LegAmount[];
}): JournalEntry | null {
  const { legs } = reversal;
  if (legs.length === 0) return null;
  const total = legs.reduce((sum, leg) => sum + leg.amountFen, 0n);
  return balancedEntry('REVERSAL', reversal.reversalId, [
    { ledgerAccount: ledgerAccount.merchantClearing(reversal.merchantId), side: 'D', amountFen: total },
    ...legs.map((leg) => ({
      ledgerAccount: ledgerAccount.personal(leg.accountId),
      side: 'C' as const,
      amountFen: leg.amountFen,
    })),
  ]);
}
