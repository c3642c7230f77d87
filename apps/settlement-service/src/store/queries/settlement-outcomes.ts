import { Injectable } from '@nestjs/common';
import { Database } from '../database';

/** The current outcome of a charge, as the settlement engine recorded it. */
@Injectable()
export class SettlementOutcomes {
  constructor(private readonly db: Database) {}

  /** The `data` of the charge's current final event; null when the charge was never received. */
  async outcomeOf(chargeId: string): Promise<Record<string, unknown> | null> {
    const rows = (await this.db.query(`SELECT outcome FROM charges WHERE charge_id = $1`, [chargeId])) as {
      outcome: Record<string, unknown>;
    }[];
    return rows[0]?.outcome ?? null;
  }
}
