import { Injectable } from '@nestjs/common';
import type { Account, JournalEntry } from '@gongji/domain';
import type { OutboxEvent } from '../../application/events/outbox-event';
import {
  CreditRecord,
  MerchantRegistration,
  PersonUpsert,
  RegisteredPerson,
  RegistryStore,
  RegistryTransaction,
  StoredBinding,
} from '../../application/ports/registry-store';
import { errorCode } from '../../shared/fault-class';
import { Database } from '../database';
import { appendJournal } from '../journal-writer';
import { appendToOutbox } from '../outbox-writer';
import { SqlRunner } from '../sql-runner';

/** serialization_failure and deadlock_detected: the transaction did nothing and may simply run again. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

type Row = Record<string, unknown>;

const PERSON_COLUMNS = `person_id, name, region_code, insurance_type, enrollment_status,
  to_char(fraud_record_at, 'YYYY-MM-DD') AS fraud_record_at`;
const ACCOUNT_COLUMNS = `account_id, person_id, balance_fen::text AS balance_fen, held_fen::text AS held_fen,
  reserve_fen::text AS reserve_fen, reserve_ratio_percent, relatives_monthly_limit_fen::text AS relatives_monthly_limit_fen`;
const BINDING_COLUMNS = `binding_id, holder_id, beneficiary_id, relationship, monthly_limit_fen::text AS monthly_limit_fen,
  status, status_reason, payment_order, policy_version`;

/** The registry's statements (persons, merchants, accounts, credits, bindings) on PostgreSQL. */
@Injectable()
export class PgRegistryStore extends RegistryStore {
  constructor(private readonly db: Database) {
    super();
  }

  async inTransaction<T>(
    work: (tx: RegistryTransaction) => Promise<T>,
    alsoRetry: (err: unknown) => boolean = () => false,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((sql) => work(new PgRegistryTransaction(sql)));
      } catch (err) {
        const retryable = RETRYABLE_SQLSTATES.has(errorCode(err) ?? '') || alsoRetry(err);
        if (!retryable || attempt >= MAX_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }
}

class PgRegistryTransaction implements RegistryTransaction {
  constructor(private readonly sql: SqlRunner) {}

  async upsertMerchant(m: MerchantRegistration): Promise<{ created: boolean }> {
    const [row] = await this.sql.query<{ created: boolean }>(
      `INSERT INTO merchants (merchant_id, name, kind, region_code, designated)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (merchant_id) DO UPDATE
         SET name = EXCLUDED.name, kind = EXCLUDED.kind, region_code = EXCLUDED.region_code,
             designated = EXCLUDED.designated, updated_at = now()
       RETURNING (xmax = 0) AS created`,
      [m.merchantId, m.name, m.kind, m.regionCode, m.designated],
    );
    return { created: row.created };
  }

  async lockPersonAndCounterparts(personId: string): Promise<void> {
    const others = await this.sql.query<{ other: string }>(
      `SELECT DISTINCT CASE WHEN holder_id = $1 THEN beneficiary_id ELSE holder_id END AS other
         FROM bindings WHERE (holder_id = $1 OR beneficiary_id = $1) AND status <> 'REVOKED'`,
      [personId],
    );
    const ids = [personId, ...others.map((o) => o.other)].sort();
    for (const id of ids) {
      const mode = id === personId ? 'NO KEY UPDATE' : 'SHARE';
      await this.sql.query(`SELECT 1 FROM persons WHERE person_id = $1 FOR ${mode}`, [id]);
    }
  }

  async persons(personIds: readonly string[], options = { lock: false }): Promise<RegisteredPerson[]> {
    const rows = await this.sql.query<Row>(
      `SELECT ${PERSON_COLUMNS} FROM persons WHERE person_id = ANY($1::text[]) ORDER BY person_id
       ${options.lock ? 'FOR NO KEY UPDATE' : ''}`,
      [[...personIds]],
    );
    return rows.map(personFrom);
  }

  async upsertPerson(
    p: PersonUpsert,
  ): Promise<{ created: boolean; person: RegisteredPerson; fraudRecordCleared: boolean }> {
    // $6 is only written when given: an update without fraudRecordAt keeps the recorded one.
    const [row] = await this.sql.query<Row & { created: boolean; had_fraud_record: boolean }>(
      `WITH before AS (SELECT fraud_record_at FROM persons WHERE person_id = $1)
       INSERT INTO persons (person_id, name, region_code, insurance_type, enrollment_status, fraud_record_at)
       VALUES ($1, $2, $3, $4, $5, $6::date)
       ON CONFLICT (person_id) DO UPDATE
         SET name = EXCLUDED.name, region_code = EXCLUDED.region_code, insurance_type = EXCLUDED.insurance_type,
             enrollment_status = EXCLUDED.enrollment_status,
             fraud_record_at = CASE WHEN $7 THEN EXCLUDED.fraud_record_at ELSE persons.fraud_record_at END,
             updated_at = now()
       RETURNING ${PERSON_COLUMNS}, (xmax = 0) AS created,
                 coalesce((SELECT fraud_record_at IS NOT NULL FROM before), false) AS had_fraud_record`,
      [
        p.personId,
        p.name,
        p.regionCode,
        p.insuranceType,
        p.enrollmentStatus,
        p.fraudRecordAt ?? null,
        p.fraudRecordAt !== undefined,
      ],
    );
    const person = personFrom(row);
    return { created: row.created, person, fraudRecordCleared: row.had_fraud_record && person.fraudRecordAt === null };
  }

  async ensureAccount(personId: string): Promise<void> {
    await this.sql.query(`INSERT INTO accounts (account_id, person_id) VALUES ($1, $1) ON CONFLICT DO NOTHING`, [
      personId,
    ]);
  }

  async account(personId: string, options = { lock: false }): Promise<Account | null> {
    const [row] = await this.sql.query<Row>(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE person_id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [personId],
    );
    return row ? accountFrom(row) : null;
  }

  async updateAccountSettings(
    accountId: string,
    changes: { reserveFen?: bigint; reserveRatioPercent?: number | null; relativesMonthlyLimitFen?: bigint | null },
  ): Promise<void> {
    await this.sql.query(
      `UPDATE accounts SET
         reserve_fen = CASE WHEN $2 THEN $3::bigint ELSE reserve_fen END,
         reserve_ratio_percent = CASE WHEN $4 THEN $5::smallint ELSE reserve_ratio_percent END,
         relatives_monthly_limit_fen = CASE WHEN $6 THEN $7::bigint ELSE relatives_monthly_limit_fen END,
         updated_at = now()
       WHERE account_id = $1`,
      [
        accountId,
        changes.reserveFen !== undefined,
        changes.reserveFen?.toString() ?? null,
        changes.reserveRatioPercent !== undefined,
        changes.reserveRatioPercent ?? null,
        changes.relativesMonthlyLimitFen !== undefined,
        changes.relativesMonthlyLimitFen?.toString() ?? null,
      ],
    );
  }

  async credit(creditId: string): Promise<CreditRecord | null> {
    const [row] = await this.sql.query<Row>(
      `SELECT credit_id, account_id, amount_fen::text AS amount_fen, reason, content_hash,
              balance_after_fen::text AS balance_after_fen
         FROM credits WHERE credit_id = $1`,
      [creditId],
    );
    return row ? creditFrom(row) : null;
  }

  async insertCredit(c: CreditRecord): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO credits (credit_id, account_id, amount_fen, reason, content_hash, balance_after_fen)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (credit_id) DO NOTHING RETURNING credit_id`,
      [c.creditId, c.accountId, c.amountFen.toString(), c.reason, c.contentHash, c.balanceAfterFen.toString()],
    );
    return rows.length > 0;
  }

  async addToBalance(accountId: string, amountFen: bigint): Promise<void> {
    await this.sql.query(
      `UPDATE accounts SET balance_fen = balance_fen + $2, updated_at = now() WHERE account_id = $1`,
      [accountId, amountFen.toString()],
    );
  }

  appendJournal(entries: readonly JournalEntry[]): Promise<void> {
    return appendJournal(this.sql, entries);
  }

  async liveBindingsOfPerson(personId: string, options = { lock: false }): Promise<StoredBinding[]> {
    const rows = await this.sql.query<Row>(
      `SELECT ${BINDING_COLUMNS} FROM bindings WHERE (holder_id = $1 OR beneficiary_id = $1) AND status <> 'REVOKED'
        ORDER BY binding_id ${options.lock ? 'FOR NO KEY UPDATE' : ''}`,
      [personId],
    );
    return rows.map(bindingFrom);
  }

  async liveBindingsAsHolder(holderId: string): Promise<StoredBinding[]> {
    const rows = await this.sql.query<Row>(
      `SELECT ${BINDING_COLUMNS} FROM bindings WHERE holder_id = $1 AND status <> 'REVOKED' ORDER BY binding_id`,
      [holderId],
    );
    return rows.map(bindingFrom);
  }

  async liveBindingsAsBeneficiary(beneficiaryId: string, options = { lock: false }): Promise<StoredBinding[]> {
    const rows = await this.sql.query<Row>(
      `SELECT ${BINDING_COLUMNS} FROM bindings WHERE beneficiary_id = $1 AND status <> 'REVOKED'
        ORDER BY binding_id ${options.lock ? 'FOR NO KEY UPDATE' : ''}`,
      [beneficiaryId],
    );
    return rows.map(bindingFrom);
  }

  async binding(bindingId: string, options = { lock: false }): Promise<StoredBinding | null> {
    const [row] = await this.sql.query<Row>(
      `SELECT ${BINDING_COLUMNS} FROM bindings WHERE binding_id = $1 ${options.lock ? 'FOR NO KEY UPDATE' : ''}`,
      [bindingId],
    );
    return row ? bindingFrom(row) : null;
  }

  async nextPaymentOrder(beneficiaryId: string): Promise<number> {
    const [{ next }] = await this.sql.query<{ next: number }>(
      `SELECT coalesce(max(payment_order), 0) + 1 AS next FROM bindings WHERE beneficiary_id = $1 AND status <> 'REVOKED'`,
      [beneficiaryId],
    );
    return next;
  }

  async insertBinding(b: StoredBinding): Promise<void> {
    await this.sql.query(
      `INSERT INTO bindings (binding_id, holder_id, beneficiary_id, relationship, monthly_limit_fen, status,
                             status_reason, payment_order, policy_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        b.bindingId,
        b.holderId,
        b.beneficiaryId,
        b.relationship,
        b.monthlyLimitFen?.toString() ?? null,
        b.status,
        b.statusReason,
        b.paymentOrder,
        b.policyVersion,
      ],
    );
  }

  async updateBinding(
    bindingId: string,
    changes: { status?: StoredBinding['status']; statusReason?: string | null; monthlyLimitFen?: bigint | null },
  ): Promise<void> {
    await this.sql.query(
      `UPDATE bindings SET
         status = coalesce($2, status),
         status_reason = CASE WHEN $3 THEN $4 ELSE status_reason END,
         monthly_limit_fen = CASE WHEN $5 THEN $6::bigint ELSE monthly_limit_fen END,
         updated_at = now()
       WHERE binding_id = $1`,
      [
        bindingId,
        changes.status ?? null,
        changes.statusReason !== undefined,
        changes.statusReason ?? null,
        changes.monthlyLimitFen !== undefined,
        changes.monthlyLimitFen?.toString() ?? null,
      ],
    );
  }

  async setPaymentOrder(bindingIds: readonly string[]): Promise<void> {
    if (bindingIds.length === 0) return;
    await this.sql.query(
      `UPDATE bindings b SET payment_order = o.position, updated_at = now()
         FROM unnest($1::text[]) WITH ORDINALITY AS o(binding_id, position)
        WHERE b.binding_id = o.binding_id AND b.payment_order <> o.position`,
      [[...bindingIds]],
    );
  }

  appendEvents(events: readonly OutboxEvent[]): Promise<void> {
    return appendToOutbox(this.sql, events);
  }
}

function personFrom(r: Row): RegisteredPerson {
  return {
    personId: r.person_id as string,
    name: r.name as string,
    regionCode: r.region_code as string,
    insuranceType: r.insurance_type as RegisteredPerson['insuranceType'],
    enrollmentStatus: r.enrollment_status as RegisteredPerson['enrollmentStatus'],
    fraudRecordAt: (r.fraud_record_at as string | null) ?? null,
  };
}

function accountFrom(r: Row): Account {
  return {
    accountId: r.account_id as string,
    personId: r.person_id as string,
    balanceFen: BigInt(r.balance_fen as string),
    heldFen: BigInt(r.held_fen as string),
    reserveFen: BigInt(r.reserve_fen as string),
    reserveRatioPercent: (r.reserve_ratio_percent as number | null) ?? null,
    relativesMonthlyLimitFen:
      r.relatives_monthly_limit_fen === null ? null : BigInt(r.relatives_monthly_limit_fen as string),
  };
}

function creditFrom(r: Row): CreditRecord {
  return {
    creditId: r.credit_id as string,
    accountId: r.account_id as string,
    amountFen: BigInt(r.amount_fen as string),
    reason: r.reason as string,
    contentHash: r.content_hash as string,
    balanceAfterFen: BigInt(r.balance_after_fen as string),
  };
}

function bindingFrom(r: Row): StoredBinding {
  return {
    bindingId: r.binding_id as string,
    holderId: r.holder_id as string,
    beneficiaryId: r.beneficiary_id as string,
    relationship: r.relationship as StoredBinding['relationship'],
    monthlyLimitFen: r.monthly_limit_fen === null ? null : BigInt(r.monthly_limit_fen as string),
    status: r.status as StoredBinding['status'],
    statusReason: (r.status_reason as string | null) ?? null,
    paymentOrder: r.payment_order as number,
    policyVersion: r.policy_version as string,
  };
}
