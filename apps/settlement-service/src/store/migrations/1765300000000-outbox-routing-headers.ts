import { MigrationInterface, QueryRunner } from 'typeorm';

/** The merchant and terminal an event about a charge answers: Kafka headers for routing (contract 1.1 §2). */
export class OutboxRoutingHeaders1765300000000 implements MigrationInterface {
  name = 'OutboxRoutingHeaders1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN merchant_id text, ADD COLUMN terminal_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN merchant_id, DROP COLUMN terminal_id`);
  }
}
