import { createHash } from 'node:crypto';
import type { DeadLetter } from '../application/ports/dead-letter';
import { CombinedWrite } from './combined-write';
import { SqlRunner } from './sql-runner';

/** A dead letter as stored, read back by the DLQ relay. */
export interface StoredDeadLetter {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer[]>;
  code: string;
  message: string;
}

/** The longest error message kept (and sent as the `x-error-message` header). */
export const DEAD_LETTER_MESSAGE_MAX = 500;

/**
 * Keeps dead letters inside the caller's transaction, once per (topic, partition, offset, value):
 * a message redelivered after a crash is not kept twice.
 */
export async function appendDeadLetters(sql: SqlRunner, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  const w = new CombinedWrite();
  w.add(
    w.insertRows(
      'dead_letters',
      letters,
      {
        original_topic: ['text', (d) => d.topic],
        original_partition: ['int4', (d) => d.partition],
        original_offset: ['int8', (d) => BigInt(d.offset)],
        message_key: ['bytea', (d) => d.key],
        message_value: ['bytea', (d) => d.value],
        headers: ['json', (d) => JSON.stringify(encodeHeaders(d.headers))],
        value_hash: [
          'text',
          (d) =>
            createHash('sha256')
              .update(d.value ?? Buffer.alloc(0))
              .digest('hex'),
        ],
        error_code: ['text', (d) => d.code],
        error_message: ['text', (d) => withoutNul(d.message).slice(0, DEAD_LETTER_MESSAGE_MAX)],
      },
      'ON CONFLICT (original_topic, original_partition, original_offset, value_hash) DO NOTHING',
    ),
  );
  await w.run(sql);
}

interface DeadLetterRow {
  id: string;
  original_topic: string;
  original_partition: number;
  original_offset: string;
  message_key: Buffer | null;
  message_value: Buffer | null;
  headers: Record<string, string[]>;
  error_code: string;
  error_message: string;
}

/** The DLQ relay's statements (messaging/dead-letter-relay.service.ts), on its own session. */
export const deadLetterQueue = {
  /** The oldest dead letters neither published nor refused, in id order. */
  unsent: async (sql: SqlRunner, limit: number): Promise<StoredDeadLetter[]> => {
    const rows = await sql.query<DeadLetterRow>(
      `SELECT id, original_topic, original_partition, original_offset, message_key, message_value, headers,
              error_code, error_message
         FROM dead_letters WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      topic: r.original_topic,
      partition: r.original_partition,
      offset: r.original_offset,
      key: r.message_key,
      value: r.message_value,
      headers: decodeHeaders(r.headers),
      code: r.error_code,
      message: r.error_message,
    }));
  },

  markSent: async (sql: SqlRunner, ids: readonly string[]): Promise<void> => {
    await sql.query(`UPDATE dead_letters SET sent_at = now() WHERE id = ANY($1::bigint[])`, [[...ids]]);
  },

  /** A letter the DLQ topic refused for itself: kept, out of the way, for an operator. */
  markRefused: async (sql: SqlRunner, id: string, reason: string): Promise<void> => {
    await sql.query(`UPDATE dead_letters SET failed_at = now(), failure = $2 WHERE id = $1`, [id, reason]);
  },
};

function encodeHeaders(headers: Record<string, Buffer[]>): Record<string, string[]> {
  // jsonb keys cannot hold NUL either; the values are base64 and keep every byte.
  return Object.fromEntries(
    Object.entries(headers).map(([k, vs]) => [withoutNul(k), vs.map((v) => v.toString('base64'))]),
  );
}

function decodeHeaders(headers: Record<string, string[]>): Record<string, Buffer[]> {
  return Object.fromEntries(Object.entries(headers).map(([k, vs]) => [k, vs.map((v) => Buffer.from(v, 'base64'))]));
}

/** PostgreSQL text cannot hold NUL; an error message quoting the faulty input may. */
function withoutNul(text: string): string {
  return text.replace(/\0/g, '\\0');
}
