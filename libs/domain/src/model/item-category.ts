/** Charge line categories (contract values). */
export const ITEM_CATEGORIES = [
  'DRUG',
  'MEDICAL_DEVICE',
  'MEDICAL_CONSUMABLE',
  'OUTPATIENT_SERVICE',
  'INPATIENT_SERVICE',
  'HEALTH_SUPPLEMENT',
  'NON_MEDICAL',
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/** Never payable from any personal account, whatever a region's data says. */
export const NEVER_PAYABLE_CATEGORIES = ['HEALTH_SUPPLEMENT', 'NON_MEDICAL'] as const;
export type NeverPayableCategory = (typeof NEVER_PAYABLE_CATEGORIES)[number];

/** The categories a region may declare payable. */
export type PayableCategory = Exclude<ItemCategory, NeverPayableCategory>;
export const PAYABLE_CATEGORIES: readonly PayableCategory[] = [
  'DRUG',
  'MEDICAL_DEVICE',
  'MEDICAL_CONSUMABLE',
  'OUTPATIENT_SERVICE',
  'INPATIENT_SERVICE',
];

export function isNeverPayableCategory(category: ItemCategory): category is NeverPayableCategory {
  return (NEVER_PAYABLE_CATEGORIES as readonly ItemCategory[]).includes(category);
}
