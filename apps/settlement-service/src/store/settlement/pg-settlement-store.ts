import { Injectable } from '@nestjs/common';
import type { DeadLetter } from '../../application/ports/dead-letter';
import { SettlementStore, SettlementTransaction } from '../../application/ports/settlement-store';
import { Database } from '../database';
import { appendDeadLetters } from '../dead-letter-store';
import { SqlRunner } from '../sql-runner';
import { flushSettlementState } from './flush-settlement-state';
import { loadSettlementState } from './load-settlement-state';

/** The settlement core's transactions on PostgreSQL: the reads, the one combined write, the dead letters. */
@Injectable()
export class PgSettlementStore extends SettlementStore {
  constructor(private readonly db: Database) {
    super();
  }

  inTransaction<T>(work: (tx: SettlementTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((sql) => work(transactionOn(sql)));
  }

  readOnly<T>(work: (tx: SettlementTransaction) => Promise<T>): Promise<T> {
    // One snapshot for every read, so a quote never mixes two moments.
    return this.db.transaction((sql) => work(transactionOn(sql)), { isolation: 'REPEATABLE READ' });
  }

  async dueAuthorizations(limit: number): Promise<string[]> {
    const rows = await this.db.query<{ authorization_id: string }>(
      `SELECT a.authorization_id FROM authorizations a JOIN charges c ON c.charge_id = a.charge_id
        WHERE a.status = 'PENDING' AND a.expires_at <= now()
          AND c.status = 'PENDING_AUTHORIZATION' AND c.pending_decision IS NOT NULL
        ORDER BY a.expires_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.authorization_id);
  }

  async authorizationParties(authorizationId: string): Promise<{ holderId: string; chargeId: string } | null> {
    const [row] = await this.db.query<{ holder_id: string; charge_id: string }>(
      `SELECT holder_id, charge_id FROM authorizations WHERE authorization_id = $1`,
      [authorizationId],
    );
    return row ? { holderId: row.holder_id, chargeId: row.charge_id } : null;
  }

  async contributionOutcome(contributionId: string) {
    const [row] = await this.db.query<{
      content_hash: string;
      status: 'PAID' | 'REJECTED' | 'REFUNDED';
      outcome: unknown;
      refund_outcome: unknown;
    }>(`SELECT content_hash, status, outcome, refund_outcome FROM contributions WHERE contribution_id = $1`, [
      contributionId,
    ]);
    return row
      ? { contentHash: row.content_hash, status: row.status, outcome: row.outcome, refundOutcome: row.refund_outcome }
      : null;
  }

  async chargeState(chargeId: string) {
    const [row] = await this.db.query<{ status: string; merchant_id: string | null; outcome: Record<string, unknown> }>(
      `SELECT status, merchant_id, outcome FROM charges WHERE charge_id = $1`,
      [chargeId],
    );
    return row
      ? {
          status: row.status as 'SETTLED' | 'REJECTED' | 'PENDING_AUTHORIZATION' | 'REVERSED',
          merchantId: row.merchant_id,
          outcome: row.outcome,
        }
      : null;
  }

  async reversalState(reversalId: string) {
    const [row] = await this.db.query<{ status: string; merchant_id: string | null; outcome: Record<string, unknown> }>(
      `SELECT status, merchant_id, outcome FROM reversals WHERE reversal_id = $1`,
      [reversalId],
    );
    return row
      ? {
          status: row.status as 'APPLIED' | 'REJECTED' | 'NOT_RECEIVED',
          merchantId: row.merchant_id,
          outcome: row.outcome,
        }
      : null;
  }

  async chargeOutcome(chargeId: string): Promise<Record<string, unknown> | null> {
    const [row] = await this.db.query<{ outcome: Record<string, unknown> }>(
      `SELECT outcome FROM charges WHERE charge_id = $1`,
      [chargeId],
    );
    return row?.outcome ?? null;
  }
}

function transactionOn(sql: SqlRunner): SettlementTransaction {
  return {
    load: (commands, now, options) => loadSettlementState(sql, commands, now, options),
    flush: (state, consumerGroup) => flushSettlementState(sql, state, consumerGroup),
    keepDeadLetters: (letters: readonly DeadLetter[]) => appendDeadLetters(sql, letters),
  };
}
