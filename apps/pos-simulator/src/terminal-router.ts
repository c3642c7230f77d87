/**
 * An example terminal gateway (contract 1.1 §2): it hands each answer on settlement.events.v1 to
 * the terminal it is for by the `merchantId` / `terminalId` Kafka headers alone. It never parses a
 * payload: the bytes go to the terminal's inbox untouched, and the terminal reads its own. Pure.
 */
import type { IHeaders } from 'kafkajs';

export interface TerminalInbox {
  readonly merchantId: string;
  readonly terminalId: string;
  /** The events routed here, as the broker delivered them. */
  readonly messages: Buffer[];
}

export class TerminalRouter {
  readonly inboxes = new Map<string, TerminalInbox>();
  /** Messages with both headers, handed to a terminal. */
  routed = 0;
  /** Messages without the headers (not about a charge, or from an older producer). */
  withoutHeaders = 0;

  /** `serves` says which merchants this gateway fronts (e.g. one chain's); others are skipped. */
  constructor(private readonly serves: (merchantId: string) => boolean = () => true) {}

  route(headers: IHeaders | undefined, value: Buffer | null): boolean {
    const merchantId = headerText(headers?.merchantId);
    const terminalId = headerText(headers?.terminalId);
    if (merchantId === null || terminalId === null) {
      this.withoutHeaders++;
      return false;
    }
    if (!this.serves(merchantId) || value === null) return false;
    const key = terminalKey(merchantId, terminalId);
    let inbox = this.inboxes.get(key);
    if (!inbox) {
      inbox = { merchantId, terminalId, messages: [] };
      this.inboxes.set(key, inbox);
    }
    inbox.messages.push(value);
    this.routed++;
    return true;
  }
}

export function terminalKey(merchantId: string, terminalId: string): string {
  return `${merchantId}/${terminalId}`;
}

function headerText(v: IHeaders[string]): string | null {
  const one = Array.isArray(v) ? v[0] : v;
  if (one === undefined) return null;
  const text = Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  return text.length ? text : null;
}
