import { EntityManager } from 'typeorm';
import { CombinedWrite } from '../persistence/combined-write';
import { RawJson, jsonRecordset } from '../persistence/json-recordset';
import { OutboxEvent } from './outbox-event';

/**
 * Appends events to the outbox inside the caller's transaction (one statement for many rows).
 * A duplicate event id is an error, unless `ignoreDuplicates` (answers that may be given again
 * with the same id, e.g. to a re-sent conflicting message).
 */
export async function appendToOutbox(
  tx: EntityManager,
  events: readonly OutboxEvent[],
  options: { ignoreDuplicates: boolean } = { ignoreDuplicates: false },
): Promise<void> {
  if (events.length === 0) return;
  const write = new CombinedWrite();
  addOutboxEvents(write, events, options);
  await write.run(tx);
}

/**
 * The same as a part of a combined write (added even when there is nothing to append). With
 * `name`, the part returns the rows it inserted (`id, event_id`) for the final select to read.
 */
export function addOutboxEvents(
  write: CombinedWrite,
  events: readonly OutboxEvent[],
  options: { ignoreDuplicates: boolean; name?: string } = { ignoreDuplicates: false },
): void {
  const rows = events.map((e) => ({
    event_id: e.eventId,
    topic: e.topic,
    message_key: e.key,
    event_type: e.type,
    payload: new RawJson(e.payload), // spliced, not escaped; json::text keeps the exact text
  }));
  write.add(
    `INSERT INTO outbox (event_id, topic, message_key, event_type, payload)
     SELECT event_id, topic, message_key, event_type, payload::text
       FROM json_to_recordset(${write.param(jsonRecordset(rows))}::json)
         AS v(event_id text, topic text, message_key text, event_type text, payload json)
     ${options.ignoreDuplicates ? 'ON CONFLICT (event_id) DO NOTHING' : ''}
     ${options.name ? 'RETURNING id, event_id' : ''}`,
    options.name,
  );
}
