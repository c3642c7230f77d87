import type { Fen } from '../money';
import { balancedEntry, type JournalEntry } from './journal-entry';
import { ledgerAccount } from './ledger-accounts';

/**
 * A relative's contribution paid from the holder's account (contract 1.1 §1): the holder's
 * personal account debited, the payee's clearing account credited. No entry for 0.
 */
export function contributionEntry(contribution: {
  readonly contributionId: string;
  readonly holderAccountId: string;
  readonly payeeId: string;
  readonly amountFen: Fen;
}): JournalEntry | null {
  if (contribution.amountFen === 0n) return null;
  return balancedEntry('CONTRIBUTION', contribution.contributionId, [
    {
      ledgerAccount: ledgerAccount.personal(contribution.holderAccountId),
      side: 'D',
      amountFen: contribution.amountFen,
    },
    { ledgerAccount: ledgerAccount.payeeClearing(contribution.payeeId), side: 'C', amountFen: contribution.amountFen },
  ]);
}
