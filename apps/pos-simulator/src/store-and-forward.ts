/**
 * A terminal's store and forward, as a pure queue: every message is kept until the broker
 * acknowledged it, and one the broker did not take is sent again with the same bytes, before
 * anything queued after it. No I/O and no clock of its own: the caller passes the time.
 *
 * While sends succeed, up to `maxInFlight` batches go at once. After a failed send, the queue
 * waits (backoff from `retryDelayMs`, doubling, at most `maxRetryDelayMs`) and then sends one batch
 * at a time, the oldest messages first, until one is acknowledged: a broker that is down is probed
 * with one request instead of many, and once it is back the backlog leaves in the order it was
 * queued.
 */

export interface StoreAndForwardOptions {
  /** Batches in flight at once while sends succeed. */
  readonly maxInFlight: number;
  /** Messages per batch at most (a backlog after an outage leaves in several requests). */
  readonly maxBatch: number;
  /** First wait after a failed send, ms. */
  readonly retryDelayMs: number;
  /** Longest wait between attempts, ms. */
  readonly maxRetryDelayMs: number;
}

export const DEFAULT_STORE_AND_FORWARD: StoreAndForwardOptions = {
  maxInFlight: 8,
  maxBatch: 1000,
  retryDelayMs: 200,
  maxRetryDelayMs: 2000,
};

export interface Stored<M> {
  /** Queue order: the order `push` was called in. */
  readonly seq: number;
  readonly message: M;
  /** Send attempts so far (1 on the first send). */
  attempts: number;
}

export interface OutgoingBatch<M> {
  readonly id: number;
  readonly entries: readonly Stored<M>[];
}

export class StoreAndForwardQueue<M> {
  private pending: Stored<M>[] = [];
  private readonly inFlight = new Map<number, OutgoingBatch<M>>();
  private nextSeq = 0;
  private nextBatchId = 0;
  private consecutiveFailures = 0;
  private notBefore = 0;
  /** Messages acknowledged by the broker. */
  delivered = 0;
  /** Sends that failed, counted per message (each is kept and sent again). */
  failedAttempts = 0;
  /** Messages acknowledged only after at least one failed send. */
  deliveredAfterRetry = 0;

  constructor(private readonly opts: StoreAndForwardOptions = DEFAULT_STORE_AND_FORWARD) {}

  push(message: M): void {
    this.pending.push({ seq: this.nextSeq++, message, attempts: 0 });
  }

  /** Messages not acknowledged yet (queued or in flight). */
  get undelivered(): number {
    let n = this.pending.length;
    for (const b of this.inFlight.values()) n += b.entries.length;
    return n;
  }

  get queued(): number {
    return this.pending.length;
  }

  get batchesInFlight(): number {
    return this.inFlight.size;
  }

  /** Whether the last send failed and no send succeeded since. */
  get failing(): boolean {
    return this.consecutiveFailures > 0;
  }

  /**
   * The next batch to send now, or null: nothing queued, the in-flight limit reached (1 while
   * failing), or still waiting after a failure.
   */
  take(nowMs: number): OutgoingBatch<M> | null {
    if (this.pending.length === 0) return null;
    if (this.failing && nowMs < this.notBefore) return null;
    const limit = this.failing ? 1 : this.opts.maxInFlight;
    if (this.inFlight.size >= limit) return null;
    const entries = this.pending.splice(0, this.opts.maxBatch);
    for (const e of entries) e.attempts++;
    const batch: OutgoingBatch<M> = { id: this.nextBatchId++, entries };
    this.inFlight.set(batch.id, batch);
    return batch;
  }

  /** The broker acknowledged the batch: its messages are gone from the store. */
  ack(batch: OutgoingBatch<M>): void {
    if (!this.inFlight.delete(batch.id)) return;
    this.delivered += batch.entries.length;
    for (const e of batch.entries) if (e.attempts > 1) this.deliveredAfterRetry++;
    this.consecutiveFailures = 0;
    this.notBefore = 0;
  }

  /**
   * The send failed: the batch's messages go back to the queue, ahead of every message queued
   * after them, to be sent again unchanged once the backoff has passed.
   */
  nack(batch: OutgoingBatch<M>, nowMs: number): void {
    if (!this.inFlight.delete(batch.id)) return;
    this.failedAttempts += batch.entries.length;
    this.pending = mergeBySeq(batch.entries, this.pending);
    this.consecutiveFailures++;
    this.notBefore = nowMs + this.retryDelay();
  }

  /** The wait after the current run of failures, ms. */
  retryDelay(): number {
    if (this.consecutiveFailures === 0) return 0;
    const d = this.opts.retryDelayMs * 2 ** Math.min(this.consecutiveFailures - 1, 20);
    return Math.min(this.opts.maxRetryDelayMs, d);
  }
}

function mergeBySeq<M>(a: readonly Stored<M>[], b: readonly Stored<M>[]): Stored<M>[] {
  const out: Stored<M>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i].seq < b[j].seq ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
