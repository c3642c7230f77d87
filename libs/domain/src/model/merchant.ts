export type MerchantKind = 'PHARMACY' | 'CLINIC' | 'HOSPITAL';

export interface Merchant {
  readonly merchantId: string;
  readonly kind: MerchantKind;
  readonly regionCode: string;
  /** Designated provider (定点): allowed to settle with insurance. */
  readonly designated: boolean;
}
