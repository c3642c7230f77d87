import { DataSource } from 'typeorm';
import { transactionBegunWithFirstStatement } from '../../apps/settlement-service/src/store/begin-with-first-statement';
import { dataSourceOptions } from '../../apps/settlement-service/src/store/data-source-options';
import { queryInOneRoundTrip } from '../../apps/settlement-service/src/store/one-round-trip';
import { TEST_DATABASE_URL } from '../support/test-config';

/** One connection, so every transaction here runs on the same pooled client. */
describe('transactionBegunWithFirstStatement (real PostgreSQL)', () => {
  let db: DataSource;
  const table = 'begin_with_first_statement_probe';

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(TEST_DATABASE_URL, 1)).initialize();
    await db.query(`CREATE TABLE IF NOT EXISTS ${table} (n int PRIMARY KEY)`);
    await db.query(`TRUNCATE ${table}`);
  });

  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.destroy();
  });

  const txid = async (rows: Promise<unknown>): Promise<string> => ((await rows) as { x: string }[])[0].x;

  it('runs a first statement sent as plain text inside the transaction, with everything after it', async () => {
    const ids = await transactionBegunWithFirstStatement(db, async (tx) => {
      const first = await queryInOneRoundTrip(tx, { a: `SELECT txid_current()::text AS x`, b: `SELECT 1 AS one` });
      expect(first.b).toEqual([{ one: 1 }]);
      const later = await txid(tx.query(`SELECT txid_current()::text AS x, $1::int AS y`, [2]));
      const status = (await tx.query(`SELECT now() = statement_timestamp() AS fresh`)) as { fresh: boolean }[];
      return { first: first.a[0].x as string, later, fresh: status[0].fresh };
    });
    expect(ids.later).toBe(ids.first);
    // Inside a transaction now() stays at its start; outside, each statement has its own.
    expect(ids.fresh).toBe(false);
  });

  it('runs a first statement with parameters inside the transaction too', async () => {
    const ids = await transactionBegunWithFirstStatement(db, async (tx) => ({
      first: await txid(tx.query(`SELECT txid_current()::text AS x, $1::int AS y`, [1])),
      later: await txid(tx.query(`SELECT txid_current()::text AS x`)),
    }));
    expect(ids.later).toBe(ids.first);
  });

  it('commits what the work wrote, and rolls back all of it when the work fails', async () => {
    await transactionBegunWithFirstStatement(db, async (tx) => {
      await queryInOneRoundTrip(tx, { insert: `INSERT INTO ${table} VALUES (1)` });
      await tx.query(`INSERT INTO ${table} VALUES ($1)`, [2]);
    });
    await expect(
      transactionBegunWithFirstStatement(db, async (tx) => {
        await queryInOneRoundTrip(tx, { insert: `INSERT INTO ${table} VALUES (3)` });
        await tx.query(`INSERT INTO ${table} VALUES ($1)`, [4]);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await expect(
      transactionBegunWithFirstStatement(db, async (tx) => {
        await queryInOneRoundTrip(tx, { insert: `INSERT INTO ${table} VALUES (5); INSERT INTO ${table} VALUES (1)` });
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const rows = (await db.query(`SELECT n FROM ${table} ORDER BY n`)) as { n: number }[];
    expect(rows.map((r) => r.n)).toEqual([1, 2]);
  });

  it('hands the connection back to the pool as it was', async () => {
    await transactionBegunWithFirstStatement(db, async () => undefined);
    const runner = db.createQueryRunner();
    try {
      const client = (await runner.connect()) as object;
      expect(Object.prototype.hasOwnProperty.call(client, 'query')).toBe(false);
      await runner.startTransaction();
      expect(await txid(runner.query(`SELECT txid_current()::text AS x`))).toBe(
        await txid(runner.query(`SELECT txid_current()::text AS x`)),
      );
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });
});
