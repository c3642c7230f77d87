import { TOPICS } from '../../shared/topics';
import { CloudEvent } from './cloud-event';
import { stringifyWithBigint } from '../../shared/json/json-with-bigint';

/** A row to append to the outbox in the same transaction as the state it describes. */
export interface OutboxEvent {
  eventId: string;
  topic: string;
  key: string;
  type: string;
  payload: string;
  /** The JSON text of the event's `data`, as it is in the payload (a record stores the same text). */
  dataJson: string;
  /**
   * Kafka headers of an event about a charge (contract 1.1 §2): a terminal gateway routes answers
   * by them without parsing payloads. Absent when unknown.
   */
  merchantId?: string | null;
  terminalId?: string | null;
}

/** The event with the merchant and terminal it answers, for routing by header. */
export function routedTo(event: OutboxEvent, merchantId: string | null, terminalId: string | null): OutboxEvent {
  event.merchantId = merchantId;
  event.terminalId = terminalId;
  return event;
}

export function settlementEvent(key: string, event: CloudEvent): OutboxEvent {
  const dataJson = stringifyWithBigint(event.data);
  return {
    eventId: event.id,
    topic: TOPICS.settlementEvents,
    key,
    type: event.type,
    payload: cloudEventJson(event, dataJson),
    dataJson,
  };
}

/**
 * The envelope's JSON with `data` (already serialized) last, as JSON.stringify would write it:
 * the data is serialized once for both the payload and the charge's stored outcome.
 */
function cloudEventJson(event: CloudEvent, dataJson: string): string {
  const { data: _data, ...envelope } = event;
  return `${JSON.stringify(envelope).slice(0, -1)},"data":${dataJson}}`;
}
