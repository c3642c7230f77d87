import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/settlement-service/src/store/data-source-options';
import { migrateWithLock } from '../../apps/settlement-service/src/store/migrate-with-lock';
import { MIGRATIONS } from '../../apps/settlement-service/src/store/migrations';
import { TEST_DATABASE_URL } from '../support/test-config';
import { uid } from '../support/unique-ids';

const withDatabase = (url: string, db: string, user: string): string => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  u.username = user;
  return u.toString();
};

/**
 * A fresh database set up as scripts/infra/postgres-up.sh does (owned by gongji_owner), migrated
 * as the owner; then the service's role (gongji_service) tries every forbidden act on the ledger.
 */
describe('the database guards its ledger against the service role', () => {
  const name = `gongji_ledger_${Date.now().toString(36)}`;
  const admin = () => new Client({ connectionString: TEST_DATABASE_URL });
  const asService = () => new Client({ connectionString: withDatabase(TEST_DATABASE_URL, name, 'gongji_service') });
  const asOwner = () => new Client({ connectionString: withDatabase(TEST_DATABASE_URL, name, 'gongji_owner') });
  let service: Client;
  let entryId: string;

  /** The error a statement (or its commit) ends with, as `code: message`; fails the test if it succeeds. */
  async function refusal(client: Client, ...statements: string[]): Promise<string> {
    await client.query('BEGIN');
    try {
      for (const s of statements) await client.query(s);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const e = err as { code?: string; message: string };
      return `${e.code}: ${e.message}`;
    }
    throw new Error(`accepted: ${statements.join('; ')}`);
  }

  /** Which step of the transaction was refused: the statement's index, or 'commit'. */
  async function refusedStep(client: Client, ...statements: string[]): Promise<number | 'commit'> {
    await client.query('BEGIN');
    let step: number | 'commit' = 0;
    try {
      for (const s of statements) {
        await client.query(s);
        step++;
      }
      step = 'commit';
      await client.query('COMMIT');
    } catch {
      await client.query('ROLLBACK').catch(() => undefined);
      return step;
    }
    throw new Error(`accepted: ${statements.join('; ')}`);
  }

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${name} OWNER gongji_owner`);
    await c.end();
    const owner = await new DataSource(
      dataSourceOptions(withDatabase(TEST_DATABASE_URL, name, 'gongji_owner'), 2),
    ).initialize();
    try {
      expect(await migrateWithLock(owner)).toHaveLength(MIGRATIONS.length);
    } finally {
      await owner.destroy();
    }
    service = asService();
    await service.connect();
    // What the service does: a balanced entry with its lines, in one statement.
    const rows = await service.query<{ entry_id: string }>(
      `WITH e AS (INSERT INTO journal_entries (kind, ref_id) VALUES ('CREDIT', $1) RETURNING entry_id)
       INSERT INTO journal_lines (entry_id, line_no, ledger_account, side, amount_fen)
       SELECT entry_id, n, account, side, 500 FROM e, (VALUES (1, 'EXT:TEST', 'D'), (2, 'PA:test', 'C')) AS l(n, account, side)
       RETURNING entry_id`,
      [uid('ref')],
    );
    entryId = rows.rows[0].entry_id;
  });

  afterAll(async () => {
    await service?.end();
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('the service role owns nothing and is no superuser', async () => {
    const r = await service.query<{ owned: string; superuser: boolean }>(
      `SELECT (SELECT count(*) FROM pg_class WHERE relowner = 'gongji_service'::regrole)::text AS owned,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`,
    );
    expect(r.rows[0]).toEqual({ owned: '0', superuser: false });
  });

  it('may not UPDATE or DELETE journal rows', async () => {
    expect(await refusal(service, `UPDATE journal_lines SET amount_fen = 1 WHERE entry_id = ${entryId}`)).toMatch(
      /^42501: permission denied/,
    );
    expect(await refusal(service, `UPDATE journal_entries SET ref_id = 'x' WHERE entry_id = ${entryId}`)).toMatch(
      /^42501: permission denied/,
    );
    expect(await refusal(service, `DELETE FROM journal_lines WHERE entry_id = ${entryId}`)).toMatch(
      /^42501: permission denied/,
    );
    expect(await refusal(service, `DELETE FROM journal_entries WHERE entry_id = ${entryId}`)).toMatch(
      /^42501: permission denied/,
    );
  });

  it('may not TRUNCATE the journal; nor may its owner (a statement trigger)', async () => {
    expect(await refusal(service, 'TRUNCATE journal_lines')).toMatch(/^42501: permission denied/);
    expect(await refusal(service, 'TRUNCATE journal_entries, journal_lines')).toMatch(/^42501: permission denied/);
    const owner = asOwner();
    await owner.connect();
    try {
      // In a transaction rolled back on any outcome: were the trigger missing, nothing is lost.
      expect(await refusal(owner, 'TRUNCATE journal_lines')).toMatch(/journal is append-only \(TRUNCATE/);
      expect(await refusal(owner, 'TRUNCATE journal_entries, journal_lines')).toMatch(
        /journal is append-only \(TRUNCATE/,
      );
    } finally {
      await owner.end();
    }
  });

  it('may not disable the triggers, or bypass them as a replica would', async () => {
    expect(await refusal(service, 'ALTER TABLE journal_lines DISABLE TRIGGER journal_lines_append_only')).toMatch(
      /^42501: must be owner/,
    );
    expect(await refusal(service, 'ALTER TABLE journal_entries DISABLE TRIGGER ALL')).toMatch(/^42501: must be owner/);
    expect(await refusal(service, 'SET session_replication_role = replica')).toMatch(/^42501: permission denied/);
  });

  it('may not add an unbalanced line to an existing entry (checked when the statement ends)', async () => {
    const line = (no: number, side: 'D' | 'C') =>
      `INSERT INTO journal_lines (entry_id, line_no, ledger_account, side, amount_fen)
       VALUES (${entryId}, ${no}, 'PA:test', '${side}', 100)`;
    expect(await refusal(service, line(3, 'C'))).toMatch(/unbalanced/);
    expect(await refusedStep(service, line(3, 'C'))).toBe(0);
    // nor balance it by a second statement: each statement must leave its entries balanced
    expect(await refusal(service, line(3, 'C'), line(4, 'D'))).toMatch(/^P0001: journal entry \d+ unbalanced/);
    // nor give a new entry a single line: refused by the statement (data-modifying CTEs, as the
    // service writes), before its commit
    const oneLine = `WITH e AS (INSERT INTO journal_entries (kind, ref_id) VALUES ('CREDIT', '${uid('one')}') RETURNING entry_id)
         INSERT INTO journal_lines (entry_id, line_no, ledger_account, side, amount_fen)
         SELECT entry_id, 1, 'PA:test', 'C', 100 FROM e`;
    expect(await refusal(service, oneLine)).toMatch(/unbalanced/);
    expect(await refusedStep(service, oneLine)).toBe(0);
    // nor insert an entry without lines, to give it some later: refused when its statement ends
    const bare = `INSERT INTO journal_entries (kind, ref_id) VALUES ('CREDIT', '${uid('bare')}')`;
    expect(await refusal(service, bare)).toMatch(/^P0001: journal entries without lines: 1 of 1/);
    expect(await refusedStep(service, bare)).toBe(0);
    // a balanced pair added later is fine
    await service.query('BEGIN');
    await service.query(
      `INSERT INTO journal_lines (entry_id, line_no, ledger_account, side, amount_fen)
       VALUES ($1, 3, 'EXT:TEST', 'D', 100), ($1, 4, 'PA:test', 'C', 100)`,
      [entryId],
    );
    await service.query('COMMIT');
  });

  it('may still do its own work on the other tables (read, insert, update, delete)', async () => {
    const id = uid('M');
    await service.query(
      `INSERT INTO merchants (merchant_id, name, kind, region_code, designated) VALUES ($1, 'x', 'PHARMACY', '610113', true)`,
      [id],
    );
    await service.query(`UPDATE merchants SET name = 'y' WHERE merchant_id = $1`, [id]);
    await service.query(`DELETE FROM merchants WHERE merchant_id = $1`, [id]);
    expect((await service.query('SELECT count(*) FROM region_policy_versions')).rows[0].count).not.toBe('0');
  });
});
