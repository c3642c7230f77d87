import { Pool, PoolClient } from 'pg';
import type { SettlementCommand } from '../../apps/settlement-service/src/application/settlement/settlement-command';
import { decodeCharge } from '../../apps/settlement-service/src/inbound/decode-inbound-message';
import { loadSettlementState } from '../../apps/settlement-service/src/store/settlement/load-settlement-state';
import { SqlRunner, sqlOnClient } from '../../apps/settlement-service/src/store/sql-runner';
import { chargeRequested } from '../support/charge-builder';
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

  /** A holder bound to a patient, usage of 100 fen this month, and a merchant. */
  async function family(): Promise<{ merchant: string; patient: string; holder: string; bindingId: string }> {
    const merchant = await db.merchant({ regionCode: '610113' });
    const holder = await db.person({ regionCode: '610113', balanceFen: 100_000n });
    const patient = await db.person({ regionCode: '610113', balanceFen: 5_000n });
    const bindingId = await db.binding({
      holderId: holder,
      beneficiaryId: patient,
      relationship: 'CHILD',
      paymentOrder: 1,
    });
    await db.pool.query(
      `INSERT INTO monthly_usage (binding_id, month_key, holder_id, used_fen) VALUES ($1, $2, $3, 100)`,
      [bindingId, MONTH, holder],
    );
    return { merchant, patient, holder, bindingId };
  }

  function chargeCommand(merchantId: string, patientId: string): SettlementCommand {
    const decoded = decodeCharge(
      Buffer.from(JSON.stringify(chargeRequested({ merchantId, patientId, items: [{ amountFen: 1000 }] }))),
    );
    if (decoded.kind !== 'charge') throw new Error(`the test charge decoded as ${decoded.kind}`);
    return { ...decoded, source: { topic: 'pos.charges.v1', partition: 0, offset: '0' } };
  }

  /** A runner that counts the statements it was given. */
  function counting(client: PoolClient): { sql: SqlRunner; statements: string[] } {
    const inner = sqlOnClient(client);
    const statements: string[] = [];
    return {
      statements,
      sql: {
        query: (text, params) => (statements.push(text), inner.query(text, params)),
        prepared: (text, params) => (statements.push(text), inner.prepared(text, params)),
      },
    };
  }

  it('a batch of new charges is read in one statement: charges, bindings, merchant, people, locked accounts, usage', async () => {
    const f = await family();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { sql, statements } = counting(client);
      const s = await loadSettlementState(sql, [chargeCommand(f.merchant, f.patient)], NOW);
      expect(statements).toHaveLength(1);
      expect([...s.bindings.keys()]).toEqual([f.bindingId]);
      expect([...s.merchants.keys()]).toEqual([f.merchant]);
      expect([...s.persons.keys()].sort()).toEqual([f.holder, f.patient].sort());
      expect(s.accountIdByPerson.get(f.holder)).toBeDefined();
      expect(s.account(s.accountIdByPerson.get(f.patient)!).balanceFen).toBe(5_000n);
      expect(s.bindingUsage.get(`${f.bindingId}|${MONTH}`)).toBe(100n);
      expect(s.holderUsage.get(`${f.holder}|${MONTH}`)).toBe(100n);
      // The accounts are locked by this transaction: another one cannot take them.
      const other = await pool.connect();
      try {
        await expect(
          other.query(`SELECT 1 FROM accounts WHERE person_id = ANY($1) FOR UPDATE NOWAIT`, [[f.holder, f.patient]]),
        ).rejects.toThrow(/could not obtain lock/);
      } finally {
        other.release();
      }
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('a batch whose charge is already known reads the people in a later statement, with the same result', async () => {
    const f = await family();
    const command = chargeCommand(f.merchant, f.patient);
    const fresh = await pool.connect();
    const known = await pool.connect();
    try {
      await fresh.query('BEGIN');
      const first = await loadSettlementState(sqlOnClient(fresh), [command], NOW);
      await fresh.query('ROLLBACK');
      const chargeId = (command as { chargeId: string }).chargeId;
      await db.pool.query(
        `INSERT INTO charges (charge_id, content_hash, patient_id, merchant_id, status, reason_code, decided_at, request, outcome)
         VALUES ($1, 'h', $2, $3, 'REJECTED', 'TEST', now(), '{}', '{}')`,
        [chargeId, f.patient, f.merchant],
      );
      await known.query('BEGIN');
      const { sql, statements } = counting(known);
      const second = await loadSettlementState(sql, [command], NOW);
      await known.query('ROLLBACK');
      expect(statements.length).toBeGreaterThan(1);
      expect(second.charges.has(chargeId)).toBe(true);
      for (const key of ['merchants', 'persons', 'accounts', 'bindingUsage', 'holderUsage'] as const) {
        expect([...second[key].entries()].sort()).toEqual([...first[key].entries()].sort());
      }
    } finally {
      fresh.release();
      known.release();
    }
  });

  it('the one-statement read waiting for a holder’s account lock sees the usage committed by the lock’s holder', async () => {
    const f = await family();
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      await first.query(`SELECT 1 FROM accounts WHERE person_id = $1 FOR UPDATE`, [f.holder]);
      await first.query(`UPDATE monthly_usage SET used_fen = 700 WHERE binding_id = $1 AND month_key = $2`, [
        f.bindingId,
        MONTH,
      ]);
      await second.query('BEGIN');
      const { sql, statements } = counting(second);
      const waiting = loadSettlementState(sql, [chargeCommand(f.merchant, f.patient)], NOW);
      await new Promise((r) => setTimeout(r, 300)); // it now waits for the account lock
      await first.query('COMMIT');
      const s = await waiting;
      await second.query('COMMIT');
      expect(statements).toHaveLength(1);
      expect(s.bindingUsage.get(`${f.bindingId}|${MONTH}`)).toBe(700n);
    } finally {
      await first.query('ROLLBACK').catch(() => undefined);
      await second.query('ROLLBACK').catch(() => undefined);
      first.release();
      second.release();
    }
  });
});

/** A moment in December 2026, China time, and its month. */
const NOW = new Date('2026-12-04T06:00:00Z');
const MONTH = '2026-12';
