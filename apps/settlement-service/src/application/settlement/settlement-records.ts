import type { Account, Binding, Merchant, Person, SettlementAmounts, UsageEntry } from '@gongji/domain';

/** Rows of the settlement tables as the processor holds them in memory (amounts as bigint). */
export type ChargeStatus = 'SETTLED' | 'REJECTED' | 'PENDING_AUTHORIZATION' | 'REVERSED';

export interface ChargeRecord {
  chargeId: string;
  contentHash: string;
  patientId: string | null;
  merchantId: string | null;
  terminalId: string | null;
  status: ChargeStatus;
  reasonCode: string | null;
  occurredAt: Date | null;
  decidedAt: Date;
  settledAt: Date | null;
  amounts: SettlementAmounts | null;
  /**
   * The charge message: its text as received (RawJson) for a new one from Kafka; null for one read
   * back (stored once on insert, never written again, so never read).
   */
  request: unknown;
  /** The `data` of the charge's current final event (what GET /v1/settlements returns); RawJson when just decided. */
  outcome: unknown;
  policyVersion: string | null;
  authorizationId: string | null;
  /** Tagged JSON of the engine's pending decision while PENDING_AUTHORIZATION. */
  pendingDecision: unknown;
  /** Usage the settlement counted; a reversal frees exactly this. */
  settledUsage: UsageEntry[] | null;
  reversalId: string | null;
  reversedAt: Date | null;
}

export type LegStatus = 'HELD' | 'SETTLED' | 'RETURNED' | 'RELEASED';

export interface LegRecord {
  chargeId: string;
  legNo: number;
  accountId: string;
  holderId: string;
  bindingId: string | null;
  relationship: string;
  amountFen: bigint;
  balanceAfterFen: bigint;
  monthKey: string;
  status: LegStatus;
}

export type AuthorizationStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'EXPIRED' | 'CANCELLED';

export interface AuthorizationRecord {
  authorizationId: string;
  chargeId: string;
  holderId: string;
  bindingId: string;
  requestedFen: bigint;
  status: AuthorizationStatus;
  expiresAt: Date;
  decidedAt: Date | null;
}

export type ReversalStatus = 'APPLIED' | 'REJECTED' | 'NOT_RECEIVED';

export interface ReversalRecord {
  reversalId: string;
  chargeId: string | null;
  contentHash: string;
  merchantId: string | null;
  /** The terminal that sent it (for routing its answers); not stored, null for one read back. */
  terminalId: string | null;
  patientId: string | null;
  status: ReversalStatus;
  reasonCode: string | null;
  /** As a charge's: the message for a new reversal, null for one read back. */
  request: unknown;
  outcome: unknown;
}

/** A binding as stored, with the beneficiary's payment order. */
export interface BindingRecord extends Binding {
  paymentOrder: number;
}

export type MutableAccount = { -readonly [K in keyof Account]: Account[K] };

export type { Merchant, Person };

export type ContributionStatus = 'PAID' | 'REJECTED' | 'REFUNDED';

/** A relative's contribution (contract 1.1 §1), the idempotency record of its contributionId. */
export interface ContributionRecord {
  contributionId: string;
  contentHash: string;
  holderId: string | null;
  beneficiaryId: string | null;
  relationship: string | null;
  scheme: string | null;
  period: string | null;
  amountFen: bigint | null;
  payeeId: string | null;
  status: ContributionStatus;
  reasonCode: string | null;
  requestedAt: Date | null;
  decidedAt: Date;
  policyVersion: string | null;
  balanceAfterFen: bigint | null;
  /** As received for a new one (RawJson); null for one read back (never written again). */
  request: unknown;
  /** The `data` of its paid or rejected event (what GET /v1/contributions answers with). */
  outcome: unknown;
  refundId: string | null;
  refundReason: string | null;
  refundedAt: Date | null;
  refundOutcome: unknown;
}
