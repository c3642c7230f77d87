import { TOPICS } from '../kafka/topics';
import { CloudEvent } from './cloud-event';
import { stringifyWithBigint } from './json-with-bigint';

/** A row to append to the outbox in the same transaction as the state it describes. */
export interface OutboxEvent {
  eventId: string;
  topic: string;
  key: string;
  type: string;
  payload: string;
}

export function settlementEvent(key: string, event: CloudEvent): OutboxEvent {
  return {
    eventId: event.id,
    topic: TOPICS.settlementEvents,
    key,
    type: event.type,
    payload: stringifyWithBigint(event),
  };
}
