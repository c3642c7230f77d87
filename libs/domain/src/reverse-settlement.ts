/**
 * Undoing a settlement (or the covered part of a pending one): every leg goes back to its
 * account and the usage it counted is freed. Exactly the recorded legs and usage, never recomputed
 * from today's rules. A second reversal returns ALREADY_REVERSED and moves nothing.
 */
import type { SettlementLeg, UsageEntry } from './charge-decision';
import { assertNonNegativeFen, sumFen, type Fen } from './money';
import type { Account } from './model/account';

export interface ReverseSettlementInput {
  readonly settlement: { readonly legs: readonly SettlementLeg[]; readonly usage: readonly UsageEntry[] };
  readonly alreadyReversed: boolean;
  /** Current state of every account that has a leg. */
  readonly accountsNow: readonly Account[];
}

export type ReversalResult =
  | {
      readonly kind: 'REVERSED';
      /** Amounts returned, in the original leg order, balanceAfterFen after the refund. */
      readonly legs: readonly SettlementLeg[];
      readonly usageToFree: readonly UsageEntry[];
      readonly reversedFen: Fen;
    }
  | { readonly kind: 'ALREADY_REVERSED' };

export function reverseSettlement(input: ReverseSettlementInput): ReversalResult {
  if (input.alreadyReversed) return { kind: 'ALREADY_REVERSED' };
  const balances = new Map(input.accountsNow.map((a) => [a.accountId, a.balanceFen]));
  const legs = input.settlement.legs.map((leg): SettlementLeg => {
    assertNonNegativeFen(leg.amountFen, 'leg.amountFen');
    const balance = balances.get(leg.accountId);
    if (balance === undefined) throw new Error('accountsNow lacks an account with a leg');
    // Running balance, so a recorded settlement with two legs on one account still adds up.
    const balanceAfterFen = balance + leg.amountFen;
    balances.set(leg.accountId, balanceAfterFen);
    return { ...leg, balanceAfterFen };
  });
  return {
    kind: 'REVERSED',
    legs,
    usageToFree: input.settlement.usage.map((u) => ({ ...u })),
    reversedFen: sumFen(legs.map((l) => l.amountFen)),
  };
}
