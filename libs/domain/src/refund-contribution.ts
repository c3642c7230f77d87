/**
 * Refunding a paid contribution (POST /v1/contributions/{contributionId}/refunds): exactly what
 * was paid goes back to the holder's account, once. Whatever the account holds or reserves now,
 * a refund only adds. A second refund returns ALREADY_REFUNDED and moves nothing.
 */
import { assertNonNegativeFen, type Fen } from './money';
import type { Account } from './model/account';
import type { PaidContribution } from './model/contribution';

export interface RefundContributionInput {
  readonly paid: PaidContribution;
  readonly alreadyRefunded: boolean;
  /** The holder's account now. */
  readonly holderAccount: Account;
}

export type ContributionRefund =
  | { readonly kind: 'REFUNDED'; readonly amountFen: Fen; readonly balanceAfterFen: Fen }
  | { readonly kind: 'ALREADY_REFUNDED' };

export function refundContribution(input: RefundContributionInput): ContributionRefund {
  const { paid, holderAccount } = input;
  // Faults: only a paid contribution is refunded, to the account that paid it.
  if (holderAccount.personId !== paid.holderId) throw new Error("holderAccount is not the paying holder's");
  if (typeof paid.amountFen !== 'bigint' || paid.amountFen <= 0n) {
    throw new RangeError('a paid contribution has a positive amount');
  }
  assertNonNegativeFen(holderAccount.balanceFen, 'holderAccount.balanceFen');
  if (input.alreadyRefunded) return { kind: 'ALREADY_REFUNDED' };
  return { kind: 'REFUNDED', amountFen: paid.amountFen, balanceAfterFen: holderAccount.balanceFen + paid.amountFen };
}
