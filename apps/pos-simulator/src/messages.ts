/**
 * The contract's inbound messages as the simulator writes them (CONTRACT.md). The simulator talks
 * to the service over Kafka and HTTP only, so it keeps its own copy of these shapes.
 */
import type { ItemCategory } from '@gongji/domain';

export const TOPICS = {
  charges: 'pos.charges.v1',
  reversals: 'pos.reversals.v1',
  authorizationDecisions: 'mutualaid.authorization-decisions.v1',
  contributionRequests: 'mutualaid.contribution-requests.v1',
  settlementEvents: 'settlement.events.v1',
} as const;

export const INBOUND_TOPICS = [
  TOPICS.charges,
  TOPICS.reversals,
  TOPICS.authorizationDecisions,
  TOPICS.contributionRequests,
] as const;

export type CredentialKind = 'INSURANCE_CARD' | 'E_VOUCHER' | 'ID_CARD';

export interface ChargeItem {
  lineId: string;
  code: string;
  name: string;
  category: ItemCategory;
  inCatalog: boolean;
  amountFen: number;
  fundPaidFen: number;
}

export interface ChargeRequested {
  chargeId: string;
  merchantId: string;
  terminalId: string;
  patientId: string;
  credential: { kind: CredentialKind; personId: string };
  occurredAt: string;
  items: ChargeItem[];
  totalFen: number;
}

export type ReversalReason = 'CUSTOMER_RETURN' | 'TIMEOUT' | 'OPERATOR_ERROR';

export interface ReversalRequested {
  reversalId: string;
  chargeId: string;
  merchantId: string;
  terminalId: string;
  patientId: string;
  requestedAt: string;
  reason: ReversalReason;
}

export interface AuthorizationDecision {
  authorizationId: string;
  holderId: string;
  decision: 'APPROVE' | 'DECLINE';
  decidedAt: string;
}
