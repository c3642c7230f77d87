import type { Fen } from '../money';
import { balancedEntry, type JournalEntry } from './journal-entry';
import { ledgerAccount } from './ledger-accounts';

/** Money paid into a personal account: EXT:CONTRIBUTIONS debited, the account credited. No entry for 0. */
export function creditEntry(credit: {
  readonly creditId: string;
  readonly accountId: string;
  readonly amountFen: Fen;
}): JournalEntry | null {
  if (credit.amountFen === 0n) return null;
  return balancedEntry('CREDIT', credit.creditId, [
    { ledgerAccount: ledgerAccount.contributions, side: 'D', amountFen: credit.amountFen },
    { ledgerAccount: ledgerAccount.personal(credit.accountId), side: 'C', amountFen: credit.amountFen },
  ]);
}
