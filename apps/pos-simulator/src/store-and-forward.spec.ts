import { StoreAndForwardQueue, type OutgoingBatch } from './store-and-forward';

const opts = { maxInFlight: 2, maxBatch: 3, retryDelayMs: 100, maxRetryDelayMs: 400 };
const values = (b: OutgoingBatch<string> | null) => (b ? b.entries.map((e) => e.message) : null);

describe('StoreAndForwardQueue', () => {
  it('sends in queue order, in batches of at most maxBatch, up to maxInFlight at once', () => {
    const q = new StoreAndForwardQueue<string>(opts);
    for (const m of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) q.push(m);
    const b1 = q.take(0);
    const b2 = q.take(0);
    expect(values(b1)).toEqual(['a', 'b', 'c']);
    expect(values(b2)).toEqual(['d', 'e', 'f']);
    expect(q.take(0)).toBeNull(); // two in flight
    q.ack(b1 as OutgoingBatch<string>);
    expect(values(q.take(0))).toEqual(['g']);
    expect(q.take(0)).toBeNull(); // nothing queued
    expect(q.delivered).toBe(3);
    expect(q.undelivered).toBe(4);
  });

  it('keeps a failed batch and sends the same messages again, before anything queued later', () => {
    const q = new StoreAndForwardQueue<string>(opts);
    for (const m of ['a', 'b', 'c', 'd']) q.push(m);
    const b1 = q.take(0) as OutgoingBatch<string>;
    q.push('e');
    q.nack(b1, 1000);
    expect(q.failing).toBe(true);
    expect(q.failedAttempts).toBe(3);
    expect(q.take(1050)).toBeNull(); // backoff: 100 ms
    const again = q.take(1100) as OutgoingBatch<string>;
    expect(values(again)).toEqual(['a', 'b', 'c']);
    expect(again.entries.map((e) => e.attempts)).toEqual([2, 2, 2]);
    expect(q.take(1100)).toBeNull(); // one batch at a time while failing
    q.ack(again);
    expect(q.failing).toBe(false);
    expect(q.deliveredAfterRetry).toBe(3);
    expect(values(q.take(1100))).toEqual(['d', 'e']);
  });

  it('merges batches that failed out of order back into queue order', () => {
    const q = new StoreAndForwardQueue<string>({ ...opts, maxBatch: 2 });
    for (const m of ['a', 'b', 'c', 'd', 'e']) q.push(m);
    const b1 = q.take(0) as OutgoingBatch<string>;
    const b2 = q.take(0) as OutgoingBatch<string>;
    q.nack(b2, 0);
    q.nack(b1, 0);
    const order: string[] = [];
    for (let t = 0, b = q.take(t); order.length < 5; t += 1000, b = q.take(t)) {
      if (!b) continue;
      order.push(...(values(b) as string[]));
      q.ack(b);
    }
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(q.undelivered).toBe(0);
  });

  it('waits longer after each failure in a row, up to the cap', () => {
    const q = new StoreAndForwardQueue<string>(opts);
    q.push('a');
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 5; i++) {
      const b = q.take(now) as OutgoingBatch<string>;
      q.nack(b, now);
      delays.push(q.retryDelay());
      now += q.retryDelay();
    }
    expect(delays).toEqual([100, 200, 400, 400, 400]);
    expect((q.take(now) as OutgoingBatch<string>).entries[0].attempts).toBe(6);
  });

  it('ignores an acknowledgement or failure of a batch it no longer holds', () => {
    const q = new StoreAndForwardQueue<string>(opts);
    q.push('a');
    const b = q.take(0) as OutgoingBatch<string>;
    q.ack(b);
    q.nack(b, 0);
    q.ack(b);
    expect(q.delivered).toBe(1);
    expect(q.undelivered).toBe(0);
    expect(q.failing).toBe(false);
  });
});
