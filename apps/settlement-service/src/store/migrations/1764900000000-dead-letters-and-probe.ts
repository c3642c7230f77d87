import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dead letters are kept in the database first, in the transaction that settles the batch they
 * came with (or that records a faulty message's answer), and published to `<topic>.dlq` by a
 * relay: a DLQ topic that cannot be written then holds no partition, and no dead letter is lost
 * in between. A record the broker refuses for itself (too large) is marked failed, for an
 * operator, instead of blocking the rows behind it; the outbox gets the same marks.
 * `service_probe` takes the committed write that tells a writable database from a faulty message.
 */
export class DeadLettersAndProbe1764900000000 implements MigrationInterface {
  name = 'DeadLettersAndProbe1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dead_letters (
        id                  bigserial PRIMARY KEY,
        original_topic      text NOT NULL,
        original_partition  integer NOT NULL,
        original_offset     bigint NOT NULL,
        message_key         bytea,
        message_value       bytea,
        -- header name -> base64 of its bytes, as received
        headers             jsonb NOT NULL,
        -- sha256 of the value: a redelivered message is kept once, a recreated topic's is not lost
        value_hash          text NOT NULL,
        error_code          text NOT NULL,
        error_message       text NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        sent_at             timestamptz,
        failed_at           timestamptz,
        failure             text,
        UNIQUE (original_topic, original_partition, original_offset, value_hash)
      );
      CREATE INDEX dead_letters_unsent ON dead_letters (id) WHERE sent_at IS NULL AND failed_at IS NULL;

      ALTER TABLE outbox ADD COLUMN failed_at timestamptz, ADD COLUMN failure text;
      DROP INDEX outbox_unsent;
      CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL AND failed_at IS NULL;

      CREATE TABLE service_probe (
        id         smallint PRIMARY KEY,
        probed_at  timestamptz NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE service_probe, dead_letters;
      DROP INDEX outbox_unsent;
      ALTER TABLE outbox DROP COLUMN failed_at, DROP COLUMN failure;
      CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
    `);
  }
}
