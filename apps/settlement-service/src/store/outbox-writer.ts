import { CombinedWrite } from './combined-write';
import { OutboxEvent } from '../application/events/outbox-event';
import { SqlRunner } from './sql-runner';

/**
 * Appends events to the outbox inside the caller's transaction (one statement for many rows).
 * A duplicate event id is an error, unless `ignoreDuplicates` (answers that may be given again
 * with the same id, e.g. to a re-sent conflicting message).
 */
export async function appendToOutbox(
  sql: SqlRunner,
  events: readonly OutboxEvent[],
  options: { ignoreDuplicates: boolean } = { ignoreDuplicates: false },
): Promise<void> {
  if (events.length === 0) return;
  const write = new CombinedWrite();
  addOutboxEvents(write, events, options);
  await write.run(sql);
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
  write.add(
    write.insertRows(
      'outbox',
      events,
      {
        event_id: ['text', (e) => e.eventId],
        topic: ['text', (e) => e.topic],
        message_key: ['text', (e) => e.key],
        event_type: ['text', (e) => e.type],
        payload: ['text', (e) => e.payload],
        merchant_id: ['text', (e) => e.merchantId],
        terminal_id: ['text', (e) => e.terminalId],
      },
      `${options.ignoreDuplicates ? 'ON CONFLICT (event_id) DO NOTHING' : ''} ${options.name ? 'RETURNING id, event_id' : ''}`,
    ),
    options.name,
  );
}
