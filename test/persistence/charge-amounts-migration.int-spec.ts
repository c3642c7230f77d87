import { Client } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { dataSourceOptions } from '../../apps/settlement-service/src/store/data-source-options';
import { ChargeAmountsAsColumns1764200000000 } from '../../apps/settlement-service/src/store/migrations/1764200000000-charge-amounts-as-columns';
import { TEST_DATABASE_URL } from '../support/test-config';

/** A database of its own: the migration runs on rows written in the schema before it. */
const DB_NAME = `gongji_migration_spec_${process.pid}`;
const dbUrl = (name: string) => TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${name}`);

const AMOUNTS = {
  medfeeSumamtFen: 12_345,
  fundPaySumamtFen: 2_000,
  psnPartAmtFen: 10_345,
  ineligibleFen: 345,
  acctPayFen: 10_000,
  acctMulaidPayFen: 4_000,
  psnCashPayFen: 345,
};

describe('migration ChargeAmountsAsColumns', () => {
  const admin = new Client({ connectionString: dbUrl('postgres') });
  let ds: DataSource;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
    ds = await new DataSource(dataSourceOptions(dbUrl(DB_NAME), 1)).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
    await admin.end();
  });

  // On the runner's connection: the pool holds one.
  const charges = (runner: QueryRunner) =>
    runner.query(
      `SELECT charge_id, medfee_sumamt_fen, fund_pay_sumamt_fen, psn_part_amt_fen, ineligible_fen, acct_pay_fen,
              acct_mulaid_pay_fen, psn_cash_pay_fen, settled_usage::text AS usage,
              pg_typeof(settled_usage)::text AS usage_type, pg_typeof(pending_decision)::text AS pending_type
         FROM charges ORDER BY charge_id`,
    ) as Promise<Record<string, string | null>[]>;

  it('moves stored amounts into bigint columns and back again on undo', async () => {
    // Only the migrations before this one, then rows as they were written then.
    const before = ds.migrations.filter((m) => m.name !== ChargeAmountsAsColumns1764200000000.name);
    expect(before.length).toBe(ds.migrations.length - 1);
    const runner = ds.createQueryRunner();
    for (const m of before) await m.up(runner);
    await runner.query(
      `INSERT INTO charges (charge_id, content_hash, status, decided_at, amounts, request, outcome, settled_usage)
       VALUES ('CH-SETTLED', 'h1', 'SETTLED', now(), $1::jsonb, '{}', '{}', '[{"bindingId":"B1","fen":{"$bigint":"4000"}}]'),
              ('CH-REJECTED', 'h2', 'REJECTED', now(), NULL, '{}', '{}', NULL)`,
      [JSON.stringify(AMOUNTS)],
    );

    await new ChargeAmountsAsColumns1764200000000().up(runner);
    const [rejected, settled] = await charges(runner);
    expect(settled).toEqual({
      charge_id: 'CH-SETTLED',
      medfee_sumamt_fen: '12345',
      fund_pay_sumamt_fen: '2000',
      psn_part_amt_fen: '10345',
      ineligible_fen: '345',
      acct_pay_fen: '10000',
      acct_mulaid_pay_fen: '4000',
      psn_cash_pay_fen: '345',
      usage: expect.any(String),
      usage_type: 'json',
      pending_type: 'json',
    });
    expect(JSON.parse(settled.usage!)).toEqual([{ bindingId: 'B1', fen: { $bigint: '4000' } }]);
    expect(rejected.acct_pay_fen).toBeNull();
    expect(rejected.medfee_sumamt_fen).toBeNull();

    // All seven or none; never negative.
    await expect(
      runner.query(
        `INSERT INTO charges (charge_id, content_hash, status, decided_at, request, outcome, acct_pay_fen)
         VALUES ('CH-HALF', 'h3', 'SETTLED', now(), '{}', '{}', 100)`,
      ),
    ).rejects.toThrow(/charges_amounts_all_or_none/);
    await expect(
      runner.query(`UPDATE charges SET psn_cash_pay_fen = -1 WHERE charge_id = 'CH-SETTLED'`),
    ).rejects.toThrow(/check constraint/);

    await new ChargeAmountsAsColumns1764200000000().down(runner);
    const back = (await runner.query(
      `SELECT charge_id, amounts, pg_typeof(settled_usage)::text AS usage_type FROM charges ORDER BY charge_id`,
    )) as { charge_id: string; amounts: unknown; usage_type: string }[];
    expect(back).toEqual([
      { charge_id: 'CH-REJECTED', amounts: null, usage_type: 'jsonb' },
      { charge_id: 'CH-SETTLED', amounts: AMOUNTS, usage_type: 'jsonb' },
    ]);
    await runner.release();
  });
});
