import { Pool } from 'pg';
import { DbFixtures } from '../support/db-fixtures';
import { TEST_DATABASE_URL } from '../support/test-config';

const PEOPLE_READ = `SELECT settlement_read_people($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], true) AS people`;

/**
 * The settlement transaction's read of accounts and usage (settlement_read_people): usage must be
 * read AFTER the holders' accounts are locked, or a batch waiting for a lock would decide on the
 * usage from before the other transaction's commit and exceed a monthly limit.
 */
describe('settlement reads', () => {
  const db = new DbFixtures();
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  afterAll(async () => {
    await pool.end();
    await db.close();
  });

  it('a read waiting for a holder’s account lock sees the usage committed by the lock’s holder', async () => {
    const holder = await db.person({ regionCode: '610113', balanceFen: 100_000n });
    const beneficiary = await db.person({ regionCode: '610113', insuranceType: 'RESIDENT' });
    const bindingId = await db.binding({
      holderId: holder,
      beneficiaryId: beneficiary,
      relationship: 'CHILD',
      paymentOrder: 1,
    });
    const month = '2026-12';
    await db.pool.query(
      `INSERT INTO monthly_usage (binding_id, month_key, holder_id, used_fen) VALUES ($1, $2, $3, 100)`,
      [bindingId, month, holder],
    );

    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      await first.query(`SELECT 1 FROM accounts WHERE account_id = $1 FOR UPDATE`, [holder]);
      await first.query(`UPDATE monthly_usage SET used_fen = 700 WHERE binding_id = $1 AND month_key = $2`, [
        bindingId,
        month,
      ]);

      await second.query('BEGIN');
      const waiting = second.query(PEOPLE_READ, [[], [holder], [], [holder], [month]]);
      await new Promise((r) => setTimeout(r, 300)); // it now waits for the account lock
      await first.query('COMMIT');
      const { rows } = await waiting;
      await second.query('COMMIT');

      const people = rows[0].people as { accounts: { account_id: string }[]; usage: { used_fen: string }[] };
      expect(people.accounts.map((a) => a.account_id)).toEqual([holder]);
      expect(people.usage.map((u) => u.used_fen)).toEqual(['700']);
    } finally {
      await first.query('ROLLBACK').catch(() => undefined);
      await second.query('ROLLBACK').catch(() => undefined);
      first.release();
      second.release();
    }
  });
});
