import { Pool } from 'pg';
import { TEST_DATABASE_URL } from '../../support/test-config';

/** Direct reads of the shared test database, for assertions the API does not expose (outbox, journal). */
export function testDatabase(): Pool {
  return new Pool({ connectionString: TEST_DATABASE_URL, max: 3 });
}

export interface OutboxRow {
  event_id: string;
  message_key: string;
  event_type: string;
  payload: string;
}

export async function bindingOutboxEvents(db: Pool, bindingId: string): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT event_id, message_key, event_type, payload FROM outbox
      WHERE event_type LIKE 'binding.%' AND payload::jsonb->>'subject' = $1 ORDER BY id`,
    [bindingId],
  );
  return rows;
}

/** Credits minus debits of a personal account's journal lines: must equal its balance. */
export async function journalBalance(db: Pool, accountId: string): Promise<bigint> {
  const { rows } = await db.query<{ net: string }>(
    `SELECT coalesce(sum(CASE side WHEN 'C' THEN amount_fen ELSE -amount_fen END), 0) AS net
       FROM journal_lines WHERE ledger_account = $1`,
    [`PA:${accountId}`],
  );
  return BigInt(rows[0].net);
}
