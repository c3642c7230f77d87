import type { Queryable } from './invariants';
import type { OutcomeTracker } from './outcome-tracker';

/** Which of `ids` the service under test wrote: its outbox holds every event it published. */
export async function ownEventIds(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query(`SELECT event_id FROM outbox WHERE event_id = ANY($1::text[])`, [[...ids]]);
  return new Set(rows.map((r) => String(r.event_id)));
}

/** The original status of the service's own charge.reversed events among `ids` (event id -> status). */
export async function ownReversalStatuses(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT event_id, payload::json->'data'->>'originalStatus' AS status FROM outbox
      WHERE event_id = ANY($1::text[]) AND event_type = 'charge.reversed'`,
    [[...ids]],
  );
  return new Map(rows.map((r) => [String(r.event_id), String(r.status)]));
}

/** Settles a tracker's ambiguous answers against the service's outbox; returns how many were dropped. */
export async function resolveAgainstOutbox(db: Queryable, tracker: OutcomeTracker): Promise<number> {
  const ids = tracker.ambiguousEventIds();
  if (ids.length === 0) return 0;
  return tracker.resolveAmbiguities(await ownEventIds(db, ids), await ownReversalStatuses(db, ids));
}
