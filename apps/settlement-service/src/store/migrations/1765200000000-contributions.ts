import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Relatives' contributions paid from a holder's personal account (代缴, contract 1.1 §1). The row
 * is the idempotency record of its contributionId, whatever the outcome; at most one PAID row per
 * beneficiary, scheme and period (a partial unique index: two holders paying the same relative at
 * once collide, and the later transaction, retried, sees the first). The journal gains the
 * entries that move the money: holder → payee clearing, and back on a refund.
 */
export class Contributions1765200000000 implements MigrationInterface {
  name = 'Contributions1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contributions (
        contribution_id   text PRIMARY KEY,
        content_hash      text NOT NULL,
        holder_id         text,
        beneficiary_id    text,
        relationship      text,
        scheme            text,
        period            text,
        amount_fen        bigint CHECK (amount_fen > 0),
        payee_id          text,
        status            text NOT NULL CHECK (status IN ('PAID', 'REJECTED', 'REFUNDED')),
        reason_code       text,
        requested_at      timestamptz,
        decided_at        timestamptz NOT NULL,
        policy_version    text,
        balance_after_fen bigint,
        request           json NOT NULL,
        outcome           json NOT NULL,
        refund_id         text UNIQUE,
        refund_reason     text,
        refunded_at       timestamptz,
        refund_outcome    json,
        CHECK (status = 'REJECTED' OR (holder_id IS NOT NULL AND amount_fen IS NOT NULL AND payee_id IS NOT NULL)),
        CHECK ((status = 'REFUNDED') = (refund_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX contributions_one_paid ON contributions (beneficiary_id, scheme, period) WHERE status = 'PAID';
      CREATE INDEX contributions_by_payee_day ON contributions (payee_id, decided_at);
      CREATE INDEX contributions_by_holder ON contributions (holder_id);

      ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
      ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check
        CHECK (kind IN ('SETTLEMENT', 'REVERSAL', 'CREDIT', 'CONTRIBUTION', 'CONTRIBUTION_REFUND'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE contributions;
      ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
      ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check
        CHECK (kind IN ('SETTLEMENT', 'REVERSAL', 'CREDIT'));
    `);
  }
}
