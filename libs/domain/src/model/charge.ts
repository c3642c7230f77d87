import type { Fen } from '../money';
import type { ItemCategory } from './item-category';

/** Credential kinds (contract values). */
export const CREDENTIAL_KINDS = ['INSURANCE_CARD', 'E_VOUCHER', 'ID_CARD'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface Credential {
  readonly kind: CredentialKind;
  /** Whose credential was presented; must be the patient's own. */
  readonly personId: string;
}

export interface ChargeItem {
  readonly lineId: string;
  readonly code: string;
  readonly name: string;
  readonly category: ItemCategory;
  /** Inside the insurance catalogue (医保目录). */
  readonly inCatalog: boolean;
  readonly amountFen: Fen;
  /** Paid by the pooled fund for this line, computed upstream (0..amountFen). */
  readonly fundPaidFen: Fen;
}

export interface Charge {
  readonly chargeId: string;
  readonly merchantId: string;
  readonly terminalId: string;
  readonly patientId: string;
  readonly credential: Credential;
  readonly occurredAt: Date;
  readonly items: readonly ChargeItem[];
  readonly totalFen: Fen;
}
