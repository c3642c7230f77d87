import { EntityManager } from 'typeorm';
import { CombinedWrite } from '../persistence/combined-write';
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
  // One text[] per column (no JSON to parse: the payloads are most of a batch's bytes).
  write.add(
    `INSERT INTO outbox (event_id, topic, message_key, event_type, payload)
     SELECT event_id, topic, message_key, event_type, payload
       FROM unnest(${write.textArray(events.map((e) => e.eventId))}, ${write.textArray(events.map((e) => e.topic))},
         ${write.textArray(events.map((e) => e.key))}, ${write.textArray(events.map((e) => e.type))},
         ${write.textArray(events.map((e) => e.payload))}) AS v(event_id, topic, message_key, event_type, payload)
     ${options.ignoreDuplicates ? 'ON CONFLICT (event_id) DO NOTHING' : ''}
     ${options.name ? 'RETURNING id, event_id' : ''}`,
    options.name,
  );
}
