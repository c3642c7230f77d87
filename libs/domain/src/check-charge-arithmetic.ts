import { chargeRejection, type ChargeRejection } from './charge-rejection';
import { isContractFen, sumFen } from './money';
import type { Charge } from './model/charge';

export const MAX_CHARGE_ITEMS = 200;

/**
 * The contract's arithmetic on a charge, for the adapter (after its schema check) and as a
 * guard in `decideCharge`: 1..200 items, amounts 0..10^12, fundPaidFen <= amountFen,
 * totalFen = sum of amountFen. Returns null when sound, else INVALID_CHARGE naming the field.
 */
export function checkChargeArithmetic(charge: Charge): ChargeRejection | null {
  if (charge.items.length < 1 || charge.items.length > MAX_CHARGE_ITEMS) {
    return chargeRejection('INVALID_CHARGE', `items: must hold 1 to ${MAX_CHARGE_ITEMS} lines`);
  }
  for (const [index, item] of charge.items.entries()) {
    if (!isContractFen(item.amountFen)) {
      return chargeRejection('INVALID_CHARGE', `items[${index}].amountFen: must be 0 to 10^12 fen`);
    }
    if (!isContractFen(item.fundPaidFen)) {
      return chargeRejection('INVALID_CHARGE', `items[${index}].fundPaidFen: must be 0 to 10^12 fen`);
    }
    if (item.fundPaidFen > item.amountFen) {
      return chargeRejection('INVALID_CHARGE', `items[${index}].fundPaidFen: exceeds items[${index}].amountFen`);
    }
  }
  if (!isContractFen(charge.totalFen)) return chargeRejection('INVALID_CHARGE', 'totalFen: must be 0 to 10^12 fen');
  if (charge.totalFen !== sumFen(charge.items.map((item) => item.amountFen))) {
    return chargeRejection('INVALID_CHARGE', 'totalFen: must equal the sum of items[].amountFen');
  }
  return null;
}
