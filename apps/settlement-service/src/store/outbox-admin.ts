import { SqlRunner } from './sql-runner';

/** The outbox as an operator sees it (`npm run outbox -- status`). */
export interface OutboxStatus {
  unsent: number;
  sent: number;
  /** Refused by the broker for themselves, set aside (failed_at). */
  setAside: number;
  /** created_at of the oldest unsent row, or null. */
  oldestUnsentAt: Date | null;
  /** Seconds since then, by the database's clock. */
  oldestUnsentAgeS: number | null;
}

export interface OutboxRowSummary {
  id: string;
  topic: string;
  eventType: string;
  key: string;
  createdAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
  failure: string | null;
}

/** Which rows: by id (whole ids and ranges) and/or by created_at, both bounds inclusive. */
export interface OutboxRowFilter {
  ids: string[] | null;
  idRanges: { from: string; to: string }[] | null;
  createdFrom: Date | null;
  createdTo: Date | null;
  limit: number;
}

/** $1 NULL: any id; else one of $1 or within a range of ($2, $3). Then the created_at bounds. */
const WHERE = `($1::bigint[] IS NULL OR id = ANY($1::bigint[]) OR EXISTS (
                 SELECT 1 FROM unnest($2::bigint[], $3::bigint[]) AS r(lo, hi) WHERE id BETWEEN r.lo AND r.hi))
           AND ($4::timestamptz IS NULL OR created_at >= $4) AND ($5::timestamptz IS NULL OR created_at <= $5)`;

function params(f: OutboxRowFilter): unknown[] {
  // With ranges but no single ids, "id = ANY(NULL)" must not match everything: an empty array.
  const ids = f.ids ?? (f.idRanges ? [] : null);
  return [ids, f.idRanges?.map((r) => r.from) ?? [], f.idRanges?.map((r) => r.to) ?? [], f.createdFrom, f.createdTo];
}

/** The operators' statements on the outbox (the relay's own are in outbox-queue.ts). */
export const outboxAdmin = {
  status: async (sql: SqlRunner): Promise<OutboxStatus> => {
    const [r] = await sql.query<{
      unsent: string;
      sent: string;
      set_aside: string;
      oldest_unsent_at: Date | null;
      age_s: string | null;
    }>(
      `SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL) AS unsent,
              count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
              count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NOT NULL) AS set_aside,
              min(created_at) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL) AS oldest_unsent_at,
              floor(extract(epoch FROM now() - min(created_at) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL)))::bigint AS age_s
         FROM outbox`,
    );
    return {
      unsent: Number(r.unsent),
      sent: Number(r.sent),
      setAside: Number(r.set_aside),
      oldestUnsentAt: r.oldest_unsent_at,
      oldestUnsentAgeS: r.age_s === null ? null : Number(r.age_s),
    };
  },

  /** The rows a filter names, in id order (at most `limit`). */
  rows: (sql: SqlRunner, f: OutboxRowFilter): Promise<OutboxRowSummary[]> =>
    sql.query<OutboxRowSummary>(
      `SELECT id, topic, event_type AS "eventType", message_key AS key, created_at AS "createdAt",
              sent_at AS "sentAt", failed_at AS "failedAt", failure
         FROM outbox WHERE ${WHERE} ORDER BY id LIMIT $6`,
      [...params(f), f.limit],
    ),

  /**
   * Makes rows unsent again, so the outbox relay publishes them again (same event id, key,
   * payload and headers: consumers recognise the duplicate by id). A row set aside goes back too.
   */
  markUnsent: async (sql: SqlRunner, ids: readonly string[]): Promise<string[]> => {
    const rows = await sql.query<{ id: string }>(
      `UPDATE outbox SET sent_at = NULL, failed_at = NULL, failure = NULL
        WHERE id = ANY($1::bigint[]) AND (sent_at IS NOT NULL OR failed_at IS NOT NULL) RETURNING id`,
      [[...ids]],
    );
    return rows.map((r) => r.id);
  },
};
