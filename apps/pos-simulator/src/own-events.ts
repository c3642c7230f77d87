import type { Queryable } from './invariants';
import type { OutcomeTracker } from './outcome-tracker';

/** Which of `ids` the service under test wrote: its outbox holds every event it published. */
export async function ownEventIds(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query(`SELECT event_id FROM outbox WHERE event_id = ANY($1::text[])`, [[...ids]]);
  return new Set(rows.map((r) => String(r.event_id)));
}

/** Settles a tracker's ambiguous answers against the service's outbox; returns how many were dropped. */
export async function resolveAgainstOutbox(db: Queryable, tracker: OutcomeTracker): Promise<number> {
  const ids = tracker.ambiguousEventIds();
  return ids.length ? tracker.resolveAmbiguities(await ownEventIds(db, ids)) : 0;
}
