import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/settlement-service/src/store/data-source-options';
import { queryInOneRoundTrip, textArrayLiteral } from '../../apps/settlement-service/src/store/one-round-trip';
import { DbFixtures } from '../support/db-fixtures';
import { TEST_DATABASE_URL } from '../support/test-config';

describe('queryInOneRoundTrip (real PostgreSQL)', () => {
  let db: DataSource;
  let other: Pool;
  const fixtures = new DbFixtures();

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(TEST_DATABASE_URL, 2)).initialize();
    other = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  });

  afterAll(async () => {
    await db.destroy();
    await other.end();
    await fixtures.pool.end();
  });

  it('returns each statement its own rows by key, and [] for a statement not needed', async () => {
    const rows = await queryInOneRoundTrip(db.manager, {
      one: `SELECT 1 AS n`,
      skipped: null,
      many: `SELECT g AS n FROM generate_series(1, 3) g ORDER BY g`,
      none: `SELECT 1 AS n WHERE false`,
    });
    expect(rows).toEqual({ one: [{ n: 1 }], skipped: [], many: [{ n: 1 }, { n: 2 }, { n: 3 }], none: [] });
    expect(await queryInOneRoundTrip(db.manager, { a: null })).toEqual({ a: [] });
  });

  it('reads ids back exactly as written, whatever characters they hold', async () => {
    const ids = [
      `it's`,
      `back\\slash`,
      `semi;colon'); DROP TABLE charges; --`,
      `$1`,
      `E'x'`,
      `患者-001`,
      `"q"`,
      `{a,b}`,
      '',
    ];
    const rows = await queryInOneRoundTrip(db.manager, {
      ids: `SELECT u AS id FROM unnest(${textArrayLiteral(ids)}) WITH ORDINALITY AS t(u, i) ORDER BY i`,
      empty: `SELECT count(*)::int AS n FROM unnest(${textArrayLiteral([])})`,
    });
    expect(rows.ids.map((r) => r.id)).toEqual(ids);
    expect(rows.empty).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT to_regclass('charges') IS NOT NULL AS present`)).toEqual([{ present: true }]);
  });

  it("runs on the transaction's own connection: its row locks last until the transaction ends", async () => {
    const merchantId = await fixtures.merchant();
    const lockedElsewhere = async () => {
      const c = await other.connect();
      try {
        await c.query('BEGIN');
        await c.query(`SELECT 1 FROM merchants WHERE merchant_id = $1 FOR UPDATE NOWAIT`, [merchantId]);
        return false;
      } catch (err) {
        return (err as { code?: string }).code === '55P03'; // lock_not_available
      } finally {
        await c.query('ROLLBACK');
        c.release();
      }
    };
    await db.transaction(async (tx) => {
      const rows = await queryInOneRoundTrip(tx, {
        locked: `SELECT merchant_id FROM merchants WHERE merchant_id = ANY(${textArrayLiteral([merchantId])}) FOR UPDATE`,
        after: `SELECT count(*)::int AS n FROM merchants WHERE merchant_id = (${textArrayLiteral([merchantId])})[1]`,
      });
      expect(rows).toEqual({ locked: [{ merchant_id: merchantId }], after: [{ n: 1 }] });
      expect(await lockedElsewhere()).toBe(true);
    });
    expect(await lockedElsewhere()).toBe(false);
  });

  it('gives back a connection it borrowed outside a transaction, also when a statement fails', async () => {
    const pool = (db.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    for (let i = 0; i < 5; i++) {
      await expect(
        queryInOneRoundTrip(db.manager, { ok: `SELECT 1 AS n`, bad: `SELECT * FROM no_such_table` }),
      ).rejects.toMatchObject({ code: '42P01' });
      await queryInOneRoundTrip(db.manager, { ok: `SELECT 1 AS n` });
    }
    // A pool of two: a leaked connection per call would have exhausted it and hung above.
    expect(pool.idleCount).toBe(pool.totalCount);
  });
});
