import type { Message, Producer } from 'kafkajs';

/** One record to publish; `id` is the caller's (an outbox or dead-letter row). */
export interface OutgoingRecord {
  id: string;
  topic: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Record<string, Buffer | string | (Buffer | string)[]>;
}

export interface PublishLimits {
  /** Most bytes (keys, values, headers, per-record overhead) in one produce request. */
  maxBytes: number;
  /** Most records in one produce request. */
  maxCount: number;
}

/** Where publishing gets a producer, and throws it away after a refused request. */
export interface ProducerSource {
  get(): Promise<Producer>;
  reset(): Promise<void>;
}

/** A record the broker refused for itself (too large for it even alone). */
export interface RefusedRecord {
  record: OutgoingRecord;
  reason: string;
}

/** What a record costs in a request beyond its bytes (lengths, offsets, attributes): an upper bound. */
const RECORD_OVERHEAD_BYTES = 64;

/**
 * Publishes `records` in order, in requests bounded by bytes and by count, so a backlog of any
 * size drains in requests the broker accepts. A request the broker refuses as too large (the
 * limits here are set below its message.max.bytes, but a topic may have a smaller one) is split
 * in halves until each record goes or, alone, is refused: that one is reported, not retried, and
 * the records after it go on. `onSent` is called after each acknowledged request. Any other error
 * is the world's (broker away, topic unwritable): it is thrown, and nothing after it was sent.
 */
export async function publishBounded(
  producer: ProducerSource,
  records: readonly OutgoingRecord[],
  limits: PublishLimits,
  onSent: (sent: readonly OutgoingRecord[]) => Promise<void> | void,
): Promise<RefusedRecord[]> {
  const refused: RefusedRecord[] = [];
  for (const chunk of chunksOf(records, limits)) await sendOrSplit(producer, chunk, onSent, refused);
  return refused;
}

/** Consecutive chunks within the limits (a record larger than maxBytes goes alone). */
export function chunksOf(records: readonly OutgoingRecord[], limits: PublishLimits): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = recordBytes(r);
    if (current.length > 0 && (bytes + size > limits.maxBytes || current.length >= limits.maxCount)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function recordBytes(r: OutgoingRecord): number {
  let n = RECORD_OVERHEAD_BYTES + byteLength(r.key) + byteLength(r.value);
  for (const [name, value] of Object.entries(r.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) n += Buffer.byteLength(name) + byteLength(v) + 8;
  }
  return n;
}

async function sendOrSplit(
  producer: ProducerSource,
  chunk: OutgoingRecord[],
  onSent: (sent: readonly OutgoingRecord[]) => Promise<void> | void,
  refused: RefusedRecord[],
): Promise<void> {
  try {
    await send(await producer.get(), chunk);
  } catch (err) {
    // The refused request moved the idempotent producer's sequence numbers on: start afresh.
    await producer.reset();
    if (!isRefusedAsTooLarge(err)) throw err;
    if (chunk.length === 1) {
      refused.push({ record: chunk[0], reason: (err as Error).message });
      return;
    }
    const half = Math.ceil(chunk.length / 2);
    await sendOrSplit(producer, chunk.slice(0, half), onSent, refused);
    await sendOrSplit(producer, chunk.slice(half), onSent, refused);
    return;
  }
  await onSent(chunk);
}

async function send(producer: Producer, records: readonly OutgoingRecord[]): Promise<void> {
  const byTopic = new Map<string, Message[]>();
  for (const r of records) {
    const list = byTopic.get(r.topic) ?? [];
    list.push({ key: r.key, value: r.value, headers: r.headers });
    byTopic.set(r.topic, list);
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
  });
}

/** The broker's answer that a record or a batch of them is too large (kafkajs wraps it in causes). */
export function isRefusedAsTooLarge(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    const type = (e as { type?: unknown }).type;
    if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function byteLength(v: Buffer | string | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}
