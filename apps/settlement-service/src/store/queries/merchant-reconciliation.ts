import { Injectable } from '@nestjs/common';
import { Database } from '../database';
import { dbFen, fenToJson } from '../../shared/fen';

/** A provider's day as the API shows it (http/reconciliation/reconciliation-view.dto.ts documents it). */
export interface ReconciliationView {
  merchantId: string;
  date: string;
  settled: {
    count: number;
    medfeeSumamtFen: number;
    fundPaySumamtFen: number;
    psnPartAmtFen: number;
    acctPayFen: number;
    acctMulaidPayFen: number;
    psnCashPayFen: number;
  };
  reversed: { count: number; reversedFen: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

interface SettledRow {
  count: string;
  medfee: string;
  fund: string;
  psn_part: string;
  acct: string;
  mulaid: string;
  cash: string;
}

/**
 * A provider's daily totals for one UTC+8 calendar day, summed in SQL over bigint fen.
 * A charge settled that day counts as settled even when reversed later; a reversal counts on
 * the day it happened.
 */
@Injectable()
export class MerchantReconciliation {
  constructor(private readonly db: Database) {}

  /** null when the merchant is not registered. */
  async ofDay(merchantId: string, date: string): Promise<ReconciliationView | null> {
    const known = (await this.db.query(`SELECT 1 FROM merchants WHERE merchant_id = $1`, [merchantId])) as unknown[];
    if (known.length === 0) return null;
    const from = new Date(`${date}T00:00:00+08:00`);
    const to = new Date(from.getTime() + DAY_MS);

    const [settled] = (await this.db.query(
      `SELECT count(*) AS count,
              coalesce(sum(medfee_sumamt_fen), 0) AS medfee,
              coalesce(sum(fund_pay_sumamt_fen), 0) AS fund,
              coalesce(sum(psn_part_amt_fen), 0) AS psn_part,
              coalesce(sum(acct_pay_fen), 0) AS acct,
              coalesce(sum(acct_mulaid_pay_fen), 0) AS mulaid,
              coalesce(sum(psn_cash_pay_fen), 0) AS cash
         FROM charges
        WHERE merchant_id = $1 AND settled_at >= $2 AND settled_at < $3
          AND status IN ('SETTLED', 'REVERSED')`,
      [merchantId, from, to],
    )) as SettledRow[];
    const [reversed] = (await this.db.query(
      `SELECT count(*) AS count, coalesce(sum(acct_pay_fen), 0) AS reversed
         FROM charges
        WHERE merchant_id = $1 AND reversed_at >= $2 AND reversed_at < $3 AND acct_pay_fen IS NOT NULL`,
      [merchantId, from, to],
    )) as { count: string; reversed: string }[];

    const fen = (v: string): number => fenToJson(dbFen(v));
    return {
      merchantId,
      date,
      settled: {
        count: Number(settled.count),
        medfeeSumamtFen: fen(settled.medfee),
        fundPaySumamtFen: fen(settled.fund),
        psnPartAmtFen: fen(settled.psn_part),
        acctPayFen: fen(settled.acct),
        acctMulaidPayFen: fen(settled.mulaid),
        psnCashPayFen: fen(settled.cash),
      },
      reversed: { count: Number(reversed.count), reversedFen: fen(reversed.reversed) },
    };
  }
}
