import { Pool } from 'pg';
import { TEST_DATABASE_URL } from './test-config';
import { uid } from './unique-ids';

export interface PersonSpec {
  regionCode: string;
  insuranceType?: 'EMPLOYEE' | 'RESIDENT';
  enrollmentStatus?: 'ACTIVE' | 'SUSPENDED' | 'TERMINATED';
  balanceFen?: bigint;
  reserveFen?: bigint;
  reserveRatioPercent?: number | null;
  relativesMonthlyLimitFen?: bigint | null;
}

/**
 * Seeds the test database directly, the way the HTTP API would leave it: an employee gets an
 * account, and money arrives as a journaled credit so balances always equal the journal.
 */
export class DbFixtures {
  readonly pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 4 });

  async merchant(opts: { designated?: boolean; regionCode?: string } = {}): Promise<string> {
    const id = uid('M');
    await this.pool.query(
      `INSERT INTO merchants (merchant_id, name, kind, region_code, designated) VALUES ($1, 'Test pharmacy', 'PHARMACY', $2, $3)`,
      [id, opts.regionCode ?? '610113', opts.designated ?? true],
    );
    return id;
  }

  async person(spec: PersonSpec): Promise<string> {
    const id = uid('P');
    const type = spec.insuranceType ?? 'EMPLOYEE';
    await this.pool.query(
      `INSERT INTO persons (person_id, name, region_code, insurance_type, enrollment_status) VALUES ($1, 'Test person', $2, $3, $4)`,
      [id, spec.regionCode, type, spec.enrollmentStatus ?? 'ACTIVE'],
    );
    if (type === 'EMPLOYEE') {
      await this.pool.query(
        `INSERT INTO accounts (account_id, person_id, reserve_fen, reserve_ratio_percent, relatives_monthly_limit_fen)
         VALUES ($1, $1, $2, $3, $4)`,
        [
          id,
          (spec.reserveFen ?? 0n).toString(),
          spec.reserveRatioPercent ?? null,
          spec.relativesMonthlyLimitFen?.toString() ?? null,
        ],
      );
      if ((spec.balanceFen ?? 0n) > 0n) await this.credit(id, spec.balanceFen as bigint);
    }
    return id;
  }

  async credit(accountId: string, amountFen: bigint): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const creditId = uid('C');
      await client.query(`UPDATE accounts SET balance_fen = balance_fen + $2 WHERE account_id = $1`, [
        accountId,
        amountFen.toString(),
      ]);
      // An entry goes with its lines in one statement (a statement trigger refuses it without them).
      await client.query(
        `WITH e AS (INSERT INTO journal_entries (kind, ref_id) VALUES ('CREDIT', $1) RETURNING entry_id)
         INSERT INTO journal_lines (entry_id, line_no, ledger_account, side, amount_fen)
         SELECT entry_id, 1, 'EXT:CONTRIBUTIONS', 'D', $2::bigint FROM e UNION ALL SELECT entry_id, 2, $3, 'C', $2::bigint FROM e`,
        [creditId, amountFen.toString(), `PA:${accountId}`],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }

  async binding(spec: {
    holderId: string;
    beneficiaryId: string;
    relationship: string;
    monthlyLimitFen?: bigint | null;
    paymentOrder: number;
    status?: 'ACTIVE' | 'SUSPENDED' | 'REVOKED';
  }): Promise<string> {
    const id = uid('B');
    await this.pool.query(
      `INSERT INTO bindings (binding_id, holder_id, beneficiary_id, relationship, monthly_limit_fen, status, payment_order, policy_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'test')`,
      [
        id,
        spec.holderId,
        spec.beneficiaryId,
        spec.relationship,
        spec.monthlyLimitFen?.toString() ?? null,
        spec.status ?? 'ACTIVE',
        spec.paymentOrder,
      ],
    );
    return id;
  }

  async account(accountId: string): Promise<{ balanceFen: bigint; heldFen: bigint; reserveFen: bigint }> {
    const { rows } = await this.pool.query(
      `SELECT balance_fen, held_fen, reserve_fen FROM accounts WHERE account_id = $1`,
      [accountId],
    );
    return {
      balanceFen: BigInt(rows[0].balance_fen),
      heldFen: BigInt(rows[0].held_fen),
      reserveFen: BigInt(rows[0].reserve_fen),
    };
  }

  /** Balance implied by the journal: credits minus debits on the account's ledger line. */
  async journalBalance(accountId: string): Promise<bigint> {
    const { rows } = await this.pool.query(
      `SELECT coalesce(sum(CASE side WHEN 'C' THEN amount_fen ELSE -amount_fen END), 0) AS b FROM journal_lines WHERE ledger_account = $1`,
      [`PA:${accountId}`],
    );
    return BigInt(rows[0].b);
  }

  /** Entries whose debits and credits differ (must be none). */
  async unbalancedJournalEntries(): Promise<number> {
    const { rows } = await this.pool.query(
      `SELECT count(*) AS n FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id
         HAVING sum(amount_fen) FILTER (WHERE side = 'D') IS DISTINCT FROM sum(amount_fen) FILTER (WHERE side = 'C')) u`,
    );
    return Number(rows[0].n);
  }

  async usage(bindingId: string): Promise<bigint> {
    const { rows } = await this.pool.query(
      `SELECT coalesce(sum(used_fen), 0) AS u FROM monthly_usage WHERE binding_id = $1`,
      [bindingId],
    );
    return BigInt(rows[0].u);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
