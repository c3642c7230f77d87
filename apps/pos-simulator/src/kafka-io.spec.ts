import type { Producer } from 'kafkajs';
import { BatchingProducer } from './kafka-io';

type Batch = { topicMessages: { topic: string; messages: { key: string; value: string | Buffer }[] }[] };

/** A kafkajs producer whose sendBatch fails the first `failures` times. */
function flakyProducer(failures: number) {
  const attempts: Batch[] = [];
  const delivered: { topic: string; key: string; value: string | Buffer }[] = [];
  let left = failures;
  const producer = {
    sendBatch: async (b: Batch) => {
      attempts.push(b);
      if (left-- > 0) throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:29092');
      for (const t of b.topicMessages) for (const m of t.messages) delivered.push({ topic: t.topic, ...m });
      return [];
    },
    disconnect: async () => undefined,
  };
  return { producer: producer as unknown as Producer, attempts, delivered };
}

describe('BatchingProducer (store and forward)', () => {
  it('sends a message the broker refused again, the same bytes, until it is acknowledged', async () => {
    const f = flakyProducer(3);
    const p = new BatchingProducer(f.producer);
    const sentAt: number[] = [];
    const poison = Buffer.from([0xff, 0xfe, 0x41]);
    p.send('pos.charges.v1', 'k1', '{"chargeId":"c1"}', (at) => sentAt.push(at));
    p.send('pos.charges.v1', 'k2', poison);
    expect(await p.drain(30_000)).toBe(true);
    expect(f.attempts).toHaveLength(4);
    for (const a of f.attempts) {
      expect(a.topicMessages[0].messages).toEqual([
        { key: 'k1', value: '{"chargeId":"c1"}' },
        { key: 'k2', value: poison },
      ]);
    }
    expect(f.delivered.map((m) => m.key)).toEqual(['k1', 'k2']);
    expect(sentAt).toHaveLength(1); // "produced" is the first attempt
    expect({ sent: p.sent, resent: p.resent, errors: p.errors, undelivered: p.undelivered }).toEqual({
      sent: 2,
      resent: 2,
      errors: 6,
      undelivered: 0,
    });
  });

  it('gives up waiting at the deadline, keeping what is undelivered', async () => {
    const f = flakyProducer(1_000);
    const p = new BatchingProducer(f.producer);
    p.send('pos.reversals.v1', 'k', '{"reversalId":"r1"}');
    expect(await p.drain(300)).toBe(false);
    expect(p.undelivered).toBe(1);
    expect(f.delivered).toHaveLength(0);
  });
});
