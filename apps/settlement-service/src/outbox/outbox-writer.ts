import { EntityManager } from 'typeorm';
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
  await tx.query(
    `INSERT INTO outbox (event_id, topic, message_key, event_type, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ${options.ignoreDuplicates ? 'ON CONFLICT (event_id) DO NOTHING' : ''}`,
    [
      events.map((e) => e.eventId),
      events.map((e) => e.topic),
      events.map((e) => e.key),
      events.map((e) => e.type),
      events.map((e) => e.payload),
    ],
  );
}
