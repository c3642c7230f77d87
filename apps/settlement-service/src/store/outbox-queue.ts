import { SqlRunner } from './sql-runner';

/** An outbox row to publish. */
export interface QueuedEvent {
  id: string;
  topic: string;
  key: string;
  payload: string;
  merchantId: string | null;
  terminalId: string | null;
}

/** Published rows are kept this long (a window to re-publish by hand), then removed. */
const SENT_RETENTION = '7 days';

/** The outbox relay's statements (messaging/outbox-relay.service.ts), on its own session. */
export const outboxQueue = {
  /** The oldest rows neither published nor set aside, in id order. */
  unsent: (sql: SqlRunner, limit: number): Promise<QueuedEvent[]> =>
    sql.query<QueuedEvent>(
      `SELECT id, topic, message_key AS key, payload, merchant_id AS "merchantId", terminal_id AS "terminalId"
         FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL
        ORDER BY id LIMIT $1`,
      [limit],
    ),

  backlog: async (sql: SqlRunner): Promise<number> => {
    const [{ n }] = await sql.query<{ n: string }>(
      `SELECT count(*)::bigint AS n FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`,
    );
    return Number(n);
  },

  markSent: async (sql: SqlRunner, ids: readonly string[]): Promise<void> => {
    await sql.query(`UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [[...ids]]);
  },

  /** A row the broker refused for itself: kept, out of the way, for an operator. */
  markRefused: async (sql: SqlRunner, id: string, reason: string): Promise<void> => {
    await sql.query(`UPDATE outbox SET failed_at = now(), failure = $2 WHERE id = $1`, [id, reason]);
  },

  /** Removes published rows past the retention; ids grow with time, so it walks the key from the oldest. */
  purgeSent: async (sql: SqlRunner): Promise<void> => {
    await sql.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE sent_at IS NOT NULL AND id < coalesce(
           (SELECT id FROM outbox WHERE created_at >= now() - $1::interval ORDER BY id LIMIT 1),
           9223372036854775807)
         ORDER BY id LIMIT 10000)`,
      [SENT_RETENTION],
    );
  },
};
