import type { Producer } from 'kafkajs';
import {
  OutgoingRecord,
  ProducerSource,
  chunksOf,
  isRefusedAsTooLarge,
  publishBounded,
  recordBytes,
} from './bounded-publish';

const record = (id: number, bytes: number): OutgoingRecord => ({
  id: String(id),
  topic: 't',
  key: 'k',
  value: 'x'.repeat(bytes),
  headers: {},
});

/** A broker that refuses any request carrying more than `limit` value bytes, as kafkajs reports it. */
function fakeBroker(limit: number, failAfter = Infinity) {
  const requests: string[][] = [];
  let resets = 0;
  let sends = 0;
  const producer = {
    sendBatch: async ({ topicMessages }: { topicMessages: { messages: { value: string }[] }[] }) => {
      const messages = topicMessages.flatMap((t) => t.messages);
      if (++sends > failAfter) throw new Error('Connection error: ECONNREFUSED');
      if (messages.reduce((n, m) => n + m.value.length, 0) > limit) {
        throw Object.assign(new Error('retries exhausted'), {
          cause: { type: 'MESSAGE_TOO_LARGE', message: 'too large' },
        });
      }
      requests.push(messages.map((m) => String(m.value.length)));
    },
  } as unknown as Producer;
  const source: ProducerSource = { get: async () => producer, reset: async () => void resets++ };
  return { source, requests, resets: () => resets };
}

describe('publishBounded', () => {
  it('cuts records into consecutive requests within the byte and count limits', () => {
    const rs = [1, 2, 3, 4, 5].map((i) => record(i, 100));
    const per = recordBytes(rs[0]);
    expect(chunksOf(rs, { maxBytes: per * 2, maxCount: 10 }).map((c) => c.map((r) => r.id))).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5'],
    ]);
    expect(chunksOf(rs, { maxBytes: 1e9, maxCount: 3 }).map((c) => c.length)).toEqual([3, 2]);
    // a record larger than the limit still goes, alone
    expect(chunksOf([record(1, 5000)], { maxBytes: 100, maxCount: 10 })).toHaveLength(1);
  });

  it('splits a refused request until each record goes or is refused alone, keeping order', async () => {
    const broker = fakeBroker(250);
    const sent: string[] = [];
    const refused = await publishBounded(
      broker.source,
      [record(1, 100), record(2, 100), record(3, 400), record(4, 100)],
      { maxBytes: 1e9, maxCount: 100 },
      (rs) => void sent.push(...rs.map((r) => r.id)),
    );
    expect(sent).toEqual(['1', '2', '4']);
    expect(refused.map((r) => r.record.id)).toEqual(['3']);
    expect(broker.resets()).toBeGreaterThan(0);
  });

  it('throws a fault of the world after what was acknowledged, which stays reported', async () => {
    const broker = fakeBroker(1e9, 1);
    const sent: string[] = [];
    await expect(
      publishBounded(
        broker.source,
        [record(1, 10), record(2, 10)],
        { maxBytes: 1e9, maxCount: 1 },
        (rs) => void sent.push(...rs.map((r) => r.id)),
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(sent).toEqual(['1']);
  });

  it('recognises the broker refusing a request as too large through kafkajs wrappers', () => {
    expect(isRefusedAsTooLarge({ cause: { cause: { type: 'RECORD_LIST_TOO_LARGE' } } })).toBe(true);
    expect(isRefusedAsTooLarge(new Error('NOT_ENOUGH_REPLICAS'))).toBe(false);
  });
});
