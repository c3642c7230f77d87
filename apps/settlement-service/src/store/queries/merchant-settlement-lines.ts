import { Injectable } from '@nestjs/common';
import { Database } from '../database';
import { fenToJson, dbFen } from '../../shared/fen';

/** The seven amounts of a settled charge, the insurer's names in fen. */
export const LINE_AMOUNT_FIELDS = [
  'medfeeSumamtFen',
  'fundPaySumamtFen',
  'psnPartAmtFen',
  'ineligibleFen',
  'acctPayFen',
  'acctMulaidPayFen',
  'psnCashPayFen',
] as const;

/** One line of a merchant's day (contract 1.1 §2, the insurer's 3202). */
export interface SettlementLine {
  chargeId: string;
  terminalId: string | null;
  status: 'SETTLED' | 'REVERSED';
  settledAt: string;
  reversedAt: string | null;
  reversalId: string | null;
  amounts: Record<(typeof LINE_AMOUNT_FIELDS)[number], number>;
}

interface LineRow {
  charge_id: string;
  terminal_id: string | null;
  status: 'SETTLED' | 'REVERSED';
  settled_at: Date;
  reversed_at: Date | null;
  reversal_id: string | null;
  medfee: string;
  fund: string;
  psn_part: string;
  ineligible: string;
  acct: string;
  mulaid: string;
  cash: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows fetched per round trip from the cursor: a few hundred KiB at most in memory. */
const BATCH_ROWS = 1000;

const COLUMNS = `charge_id, terminal_id, status, settled_at, reversed_at, reversal_id,
  medfee_sumamt_fen AS medfee, fund_pay_sumamt_fen AS fund, psn_part_amt_fen AS psn_part,
  ineligible_fen AS ineligible, acct_pay_fen AS acct, acct_mulaid_pay_fen AS mulaid, psn_cash_pay_fen AS cash`;

/**
 * The lines behind a merchant's day totals: every charge settled that UTC+8 day (reversed later
 * or not) and every settled charge reversed that day, in the order they were settled; streamed
 * from a server-side cursor, so a large hospital's day is never held in memory.
 */
@Injectable()
export class MerchantSettlementLines {
  constructor(private readonly db: Database) {}

  async merchantExists(merchantId: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM merchants WHERE merchant_id = $1`, [merchantId])).length > 0;
  }

  ofDay(merchantId: string, date: string, onLines: (lines: SettlementLine[]) => Promise<void>): Promise<void> {
    const from = new Date(`${date}T00:00:00+08:00`);
    const to = new Date(from.getTime() + DAY_MS);
    return this.db.eachBatch<LineRow>(
      `SELECT ${COLUMNS} FROM charges
        WHERE merchant_id = $1 AND settled_at >= $2 AND settled_at < $3 AND status IN ('SETTLED', 'REVERSED')
       UNION ALL
       SELECT ${COLUMNS} FROM charges
        WHERE merchant_id = $1 AND reversed_at >= $2 AND reversed_at < $3 AND acct_pay_fen IS NOT NULL
          AND NOT (settled_at >= $2 AND settled_at < $3)
       ORDER BY settled_at, charge_id`,
      [merchantId, from, to],
      BATCH_ROWS,
      (rows) => onLines(rows.map(lineOf)),
    );
  }
}

function lineOf(r: LineRow): SettlementLine {
  const fen = (v: string): number => fenToJson(dbFen(v));
  return {
    chargeId: r.charge_id,
    terminalId: r.terminal_id,
    status: r.status,
    settledAt: r.settled_at.toISOString(),
    reversedAt: r.reversed_at?.toISOString() ?? null,
    reversalId: r.reversal_id,
    amounts: {
      medfeeSumamtFen: fen(r.medfee),
      fundPaySumamtFen: fen(r.fund),
      psnPartAmtFen: fen(r.psn_part),
      ineligibleFen: fen(r.ineligible),
      acctPayFen: fen(r.acct),
      acctMulaidPayFen: fen(r.mulaid),
      psnCashPayFen: fen(r.cash),
    },
  };
}
