import type { Fen } from './money';
import type { ChargeItem } from './model/charge';
import { isNeverPayableCategory, type ItemCategory } from './model/item-category';
import type { RegionPolicy } from './region-policy';

/** What is left for the patient after the pooled fund; the only thing accounts may pay. */
export function personalShareFen(item: ChargeItem): Fen {
  return item.amountFen - item.fundPaidFen;
}

/** Whether any personal account may pay this item, under the PATIENT's region policy. */
export function isPayableFromAccounts(item: ChargeItem, patientPolicy: RegionPolicy): boolean {
  // Checked in code as well as data: a loaded table must not be able to make these payable.
  if (isNeverPayableCategory(item.category)) return false;
  if (!(patientPolicy.payableCategories as readonly ItemCategory[]).includes(item.category)) return false;
  return item.inCatalog || !patientPolicy.catalogueOnly;
}
