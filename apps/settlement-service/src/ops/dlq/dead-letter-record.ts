import { DEAD_LETTER_HEADERS, DEAD_LETTER_HEADER_NAMES } from '../../shared/dead-letter-headers';
import { INBOUND_TOPICS, dlqTopic } from '../../shared/topics';

/** A kafkajs header value as read from the broker. */
export type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** One message read from a `<topic>.dlq` topic. */
export interface DlqRecord {
  dlqTopic: string;
  partition: number;
  offset: string;
  /** The DLQ message's timestamp (ms since the epoch): when the relay published it. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, HeaderValue>;
}

/** What a dead letter says about itself, and what a replay would send. */
export interface DeadLetterView {
  record: DlqRecord;
  reason: string;
  errorMessage: string;
  original: { topic: string | null; partition: number | null; offset: string | null };
  /** The headers it arrived with: the DLQ's own taken off, the rest byte for byte. */
  replayHeaders: Record<string, Buffer[]>;
  /** Why it cannot go back (no or a foreign original topic), or null. */
  notReplayable: string | null;
}

const asBuffers = (v: HeaderValue): Buffer[] =>
  v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => (Buffer.isBuffer(x) ? x : Buffer.from(x)));

const firstText = (v: HeaderValue): string | null => {
  const [b] = asBuffers(v);
  return b === undefined ? null : b.toString('utf8');
};

export function readDeadLetter(record: DlqRecord): DeadLetterView {
  const h = record.headers;
  const topic = firstText(h[DEAD_LETTER_HEADERS.originalTopic]);
  const partition = firstText(h[DEAD_LETTER_HEADERS.originalPartition]);
  const replayHeaders: Record<string, Buffer[]> = {};
  for (const [name, value] of Object.entries(h)) {
    if (!DEAD_LETTER_HEADER_NAMES.includes(name)) replayHeaders[name] = asBuffers(value);
  }
  let notReplayable: string | null = null;
  if (topic === null) notReplayable = `no ${DEAD_LETTER_HEADERS.originalTopic} header`;
  else if (!(INBOUND_TOPICS as readonly string[]).includes(topic)) notReplayable = `${topic} is not an inbound topic`;
  else if (dlqTopic(topic) !== record.dlqTopic) notReplayable = `${topic} is not the origin of ${record.dlqTopic}`;
  return {
    record,
    reason: firstText(h[DEAD_LETTER_HEADERS.code]) ?? 'UNKNOWN',
    errorMessage: firstText(h[DEAD_LETTER_HEADERS.message]) ?? '',
    original: {
      topic,
      partition: partition === null || !/^\d+$/.test(partition) ? null : Number(partition),
      offset: firstText(h[DEAD_LETTER_HEADERS.originalOffset]),
    },
    replayHeaders,
    notReplayable,
  };
}
