import type { SettlementCommand } from '../settlement/settlement-command';
import type { SettlementState } from '../settlement/settlement-state';
import type { DeadLetter } from './dead-letter';

/** An outbox row a transaction inserted (an answer given before to a conflicting message is not). */
export interface InsertedOutboxRow {
  id: string;
  event_id: string;
}

/** What one settlement transaction does with the database. */
export interface SettlementTransaction {
  /** Reads (and, unless `lock: false`, locks) everything the commands touch. */
  load(commands: readonly SettlementCommand[], now: Date, options?: { lock: boolean }): Promise<SettlementState>;
  /**
   * Writes everything the state changed, its events into the outbox and the partitions' positions.
   * Takes what it writes from the state and queues its statements on the transaction's connection
   * before it returns (the state may change while it runs), so several flushes in one transaction
   * run in the order they were called.
   */
  flush(state: SettlementState, consumerGroup: string): Promise<InsertedOutboxRow[]>;
  keepDeadLetters(letters: readonly DeadLetter[]): Promise<void>;
}

/**
 * The settlement core's only way to the database (implemented in store/). `inTransaction` commits
 * when `work` resolves and rolls back when it throws; `readOnly` reads one consistent snapshot and
 * writes nothing (quotes).
 */
export abstract class SettlementStore {
  abstract inTransaction<T>(work: (tx: SettlementTransaction) => Promise<T>): Promise<T>;
  abstract readOnly<T>(work: (tx: SettlementTransaction) => Promise<T>): Promise<T>;
  /** Pending authorizations whose time is up, oldest first. */
  abstract dueAuthorizations(limit: number): Promise<string[]>;
  /** Who was asked to approve, and for which charge; null for an unknown id. */
  abstract authorizationParties(authorizationId: string): Promise<{ holderId: string; chargeId: string } | null>;
  /** A contribution's record as an answer needs it; null for an unknown id. */
  abstract contributionOutcome(contributionId: string): Promise<{
    contentHash: string;
    status: 'PAID' | 'REJECTED' | 'REFUNDED';
    outcome: unknown;
    refundOutcome: unknown;
  } | null>;
  /** A charge's status and current outcome (its latest event's data); null if never received. */
  abstract chargeState(chargeId: string): Promise<{
    status: 'SETTLED' | 'REJECTED' | 'PENDING_AUTHORIZATION' | 'REVERSED';
    merchantId: string | null;
    outcome: Record<string, unknown>;
  } | null>;
  /** A reversal's status and outcome; null if never received. */
  abstract reversalState(reversalId: string): Promise<{
    status: 'APPLIED' | 'REJECTED' | 'NOT_RECEIVED';
    merchantId: string | null;
    outcome: Record<string, unknown>;
  } | null>;
  /** The `data` of a charge's current final event (what GET /v1/settlements answers); null if never received. */
  abstract chargeOutcome(chargeId: string): Promise<Record<string, unknown> | null>;
}
