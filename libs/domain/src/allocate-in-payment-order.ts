import { minFen, type Fen } from './money';
import { PAYABLE_CATEGORIES, type ItemCategory, type PayableCategory } from './model/item-category';

/** One account in the waterfall: the most it may pay in this charge and what it may not pay. */
export interface Payer {
  readonly capFen: Fen;
  readonly excludedCategories: readonly ItemCategory[];
}

export interface PayerAllocation {
  readonly paidFen: Fen;
  /** What this payer could have paid when its turn came (remaining, not excluded). */
  readonly eligibleAtTurnFen: Fen;
  readonly byCategory: ReadonlyMap<PayableCategory, Fen>;
}

export interface Allocation {
  readonly payers: readonly PayerAllocation[];
  readonly unpaid: ReadonlyMap<PayableCategory, Fen>;
}

/**
 * Greedy waterfall over category buckets of payable personal share. Each payer, in order, pays
 * min(cap, what it may pay of what is left). Within its amount it takes first the categories the
 * fewest later payers could take (ties: contract category order), so e.g. the own account pays
 * Shaanxi inpatient costs before drugs a relative could also pay. Deterministic; with nested
 * exclusion sets (as in the built-in policies) it leaves no payable amount that a cap allowed.
 */
export function allocateInPaymentOrder(
  shares: ReadonlyMap<PayableCategory, Fen>,
  payers: readonly Payer[],
): Allocation {
  const left = new Map<PayableCategory, Fen>();
  for (const category of PAYABLE_CATEGORIES) left.set(category, shares.get(category) ?? 0n);
  const leftOf = (category: PayableCategory): Fen => left.get(category) as Fen; // every category is set above

  const allocations = payers.map((payer, index): PayerAllocation => {
    const mayPay = PAYABLE_CATEGORIES.filter((c) => !payer.excludedCategories.includes(c) && leftOf(c) > 0n);
    const laterPayers = payers.slice(index + 1).filter((p) => p.capFen > 0n);
    const takersAfter = (c: PayableCategory) => laterPayers.filter((p) => !p.excludedCategories.includes(c)).length;
    const order = [...mayPay].sort(
      (a, b) => takersAfter(a) - takersAfter(b) || PAYABLE_CATEGORIES.indexOf(a) - PAYABLE_CATEGORIES.indexOf(b),
    );

    let eligibleAtTurnFen = 0n;
    for (const category of mayPay) eligibleAtTurnFen += leftOf(category);
    let toPay = minFen(payer.capFen, eligibleAtTurnFen);
    const paidFen = toPay;
    const byCategory = new Map<PayableCategory, Fen>();
    for (const category of order) {
      if (toPay === 0n) break;
      const take = minFen(toPay, leftOf(category));
      left.set(category, leftOf(category) - take);
      byCategory.set(category, take);
      toPay -= take;
    }
    return { paidFen, eligibleAtTurnFen, byCategory };
  });
  return { payers: allocations, unpaid: left };
}
