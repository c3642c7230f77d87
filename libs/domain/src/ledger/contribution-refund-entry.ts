import type { Fen } from '../money';
import { balancedEntry, type JournalEntry } from './journal-entry';
import { ledgerAccount } from './ledger-accounts';

/**
 * A contribution refunded (the payment the other way): the payee's clearing account debited, the
 * holder's personal account credited. No entry for 0.
 */
export function contributionRefundEntry(refund: {
  readonly refundId: string;
  readonly holderAccountId: string;
  readonly payeeId: string;
  readonly amountFen: Fen;
}): JournalEntry | null {
  if (refund.amountFen === 0n) return null;
  return balancedEntry('CONTRIBUTION_REFUND', refund.refundId, [
    { ledgerAccount: ledgerAccount.payeeClearing(refund.payeeId), side: 'D', amountFen: refund.amountFen },
    { ledgerAccount: ledgerAccount.personal(refund.holderAccountId), side: 'C', amountFen: refund.amountFen },
  ]);
}
