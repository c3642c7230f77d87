import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A merchant's day of lines (contract 1.1 §2) takes the charges settled that day and those
 * reversed that day: the second needs an index of its own, as the first has charges_by_merchant_day.
 */
export class ReversalsByMerchantDay1765400000000 implements MigrationInterface {
  name = 'ReversalsByMerchantDay1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX charges_reversed_by_merchant_day ON charges (merchant_id, reversed_at) WHERE reversed_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX charges_reversed_by_merchant_day`);
  }
}
