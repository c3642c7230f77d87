import { Injectable } from '@nestjs/common';
import type { Account } from '@gongji/domain';
import { Database } from '../database';

type Row = Record<string, unknown>;

/** A personal account with its owner's insured region (for the region's suggested reserve). */
@Injectable()
export class AccountViews {
  constructor(private readonly db: Database) {}

  async ofPerson(personId: string): Promise<{ account: Account; regionCode: string } | null> {
    const [r] = await this.db.query<Row>(
      `SELECT a.account_id, a.person_id, a.balance_fen::text AS balance_fen, a.held_fen::text AS held_fen,
              a.reserve_fen::text AS reserve_fen, a.reserve_ratio_percent,
              a.relatives_monthly_limit_fen::text AS relatives_monthly_limit_fen, p.region_code
         FROM accounts a JOIN persons p ON p.person_id = a.person_id WHERE a.person_id = $1`,
      [personId],
    );
    if (!r) return null;
    return {
      regionCode: r.region_code as string,
      account: {
        accountId: r.account_id as string,
        personId: r.person_id as string,
        balanceFen: BigInt(r.balance_fen as string),
        heldFen: BigInt(r.held_fen as string),
        reserveFen: BigInt(r.reserve_fen as string),
        reserveRatioPercent: (r.reserve_ratio_percent as number | null) ?? null,
        relativesMonthlyLimitFen:
          r.relatives_monthly_limit_fen === null ? null : BigInt(r.relatives_monthly_limit_fen as string),
      },
    };
  }
}
