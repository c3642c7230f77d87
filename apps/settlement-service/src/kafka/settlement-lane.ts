import { Logger } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { SettlementCommand } from '../settlement/inbound-command';
import { isDatabaseOutage } from '../settlement/transient-db-error';

/** One fetched message, decoded, waiting for its turn. */
export interface LaneEntry {
  topic: string;
  partition: number;
  message: KafkaMessage;
  highWatermark: string;
  /** What to settle, or why the message cannot be read (it then goes to the DLQ). */
  work: { command: SettlementCommand } | { poison: { code: string; message: string } };
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to consume: the last settled one + 1. */
  offset: string;
}

/** What the lane needs from the outside: the database side, the DLQ and Kafka's offset commit. */
export interface LanePorts {
  settle(commands: SettlementCommand[]): Promise<unknown>;
  deadLetter(entry: LaneEntry, code: string, message: string): Promise<void>;
  commitOffsets(offsets: TopicPartitionOffset[]): Promise<void>;
  /** Called after offsets were committed, with the partition's lag behind its high watermark. */
  onCommitted?(offsets: TopicPartitionOffset[], lagOf: (tp: TopicPartitionOffset) => bigint): void;
}

export interface LaneOptions {
  /** Most messages per database transaction. */
  maxBatch: number;
  /** Least time between the starts of two offset commits (0: commit after every transaction). */
  minCommitIntervalMs?: number;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * The single settlement lane every inbound partition feeds. Fetching (kafkajs) and settling run
 * side by side: while one transaction runs, the next fetch gathers what arrives meanwhile, and it
 * is settled together in the next transaction, so batches size themselves to the load (small
 * and quick when it is light). A fetched batch is handed back only once the lane has taken it
 * into a transaction (and, with nothing else queued, once that transaction ended), so fetches
 * follow the transactions' pace instead of spinning on every few messages (each fetch costs the
 * broker and the service CPU). One transaction at a time also means partitions never wait on
 * each other's row locks.
 *
 * Offsets are committed only after the transaction that settled those messages committed, and
 * in queue order, so a committed offset never passes an unsettled message. Entries are never
 * dropped while running; after a rebalance kafkajs may hand some over again, and redeliveries are
 * recognised by business ids. A stop in the middle of a database outage abandons what is queued
 * (and commits nothing more): those messages are redelivered to whoever consumes next.
 */
export class SettlementLane {
  private readonly log = new Logger(SettlementLane.name);
  private queue: LaneEntry[] = [];
  private head = 0;
  private stopping = false;
  /** A transaction is running. */
  private busy = false;
  private abandoned = false;
  private wakeLoop: (() => void) | null = null;
  private takenWaiters: (() => void)[] = [];
  /** Entries ever queued and ever taken into a transaction (positions survive queue compaction). */
  private queuedTotal = 0;
  private takenTotal = 0;
  private readonly loopDone: Promise<void>;
  /** Settled but not yet committed, per topic-partition: the next offset and the high watermark. */
  private readonly pendingOffsets = new Map<string, { tp: TopicPartitionOffset; highWatermark: string }>();
  private committing: Promise<void> = Promise.resolve();
  private commitScheduled = false;
  private lastCommitAt = 0;
  /** Ends a commit's wait for its interval at once (on stop). */
  private endCommitWait: (() => void) | null = null;

  constructor(
    private readonly ports: LanePorts,
    private readonly options: LaneOptions,
  ) {
    this.loopDone = this.loop();
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  /**
   * Queues entries in fetch order and resolves once the lane has taken all of them into a
   * transaction. `keepAlive` is called while waiting (the consumer's heartbeat in a long outage).
   */
  async enqueue(entries: LaneEntry[], keepAlive: () => Promise<void> = async () => undefined): Promise<void> {
    if (this.stopping) throw new Error('the settlement lane is stopping');
    for (const e of entries) this.queue.push(e);
    this.queuedTotal += entries.length;
    const until = this.queuedTotal;
    this.wakeLoop?.();
    // With nothing else queued, also wait for the running transaction to end: the next fetch then
    // brings everything that arrived meanwhile, for the next transaction (a fetch sent earlier
    // would come back at once with a few messages, and later ones would wait a round longer).
    const mustWait = () => this.takenTotal < until || (this.busy && this.queued === 0);
    while (mustWait() && !this.stopping) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3000);
        this.takenWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (mustWait()) await keepAlive();
    }
  }

  /** Settles what is queued, commits its offsets, then stops. Nothing is accepted meanwhile. */
  async drain(): Promise<void> {
    this.stopping = true;
    this.wakeLoop?.();
    this.endCommitWait?.();
    await this.loopDone;
    await this.flushCommits();
    this.releaseWaiters();
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.queued === 0) {
        if (this.stopping) return;
        await new Promise<void>((resolve) => (this.wakeLoop = resolve));
        this.wakeLoop = null;
        // kafkajs hands over a fetch's partitions one after another, each decoded in between; let
        // the rest of this fetch join the queue before taking it, or they wait a whole transaction.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      const end = Math.min(this.queue.length, this.head + this.options.maxBatch);
      const taken = this.queue.slice(this.head, end);
      this.head = end;
      this.takenTotal += taken.length;
      if (this.head > 10_000 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.releaseWaiters();
      this.busy = true;
      const settled = await this.settleUntilDone(taken);
      this.busy = false;
      if (!settled) {
        // A stop during an outage: keep everything uncommitted for redelivery.
        this.abandoned = true;
        this.log.warn(`stopping with ${taken.length + this.queued} unsettled messages; they will be redelivered`);
        this.queue = [];
        this.head = 0;
        this.releaseWaiters();
        return;
      }
      for (const e of taken) {
        const key = `${e.topic}|${e.partition}`;
        const next = (BigInt(e.message.offset) + 1n).toString();
        this.pendingOffsets.set(key, {
          tp: { topic: e.topic, partition: e.partition, offset: next },
          highWatermark: e.highWatermark,
        });
      }
      this.scheduleCommit();
      this.releaseWaiters();
    }
  }

  /** False only when stopping before it could finish. Settling again is safe: ids are checked. */
  private async settleUntilDone(entries: LaneEntry[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.settle(entries);
        return true;
      } catch (err) {
        if (this.stopping) return false;
        const wait = backoffMs(attempt);
        this.log.error(
          `settling a batch of ${entries.length} failed, retrying in ${wait} ms: ${(err as Error).message}`,
        );
        await sleep(wait);
      }
    }
  }

  /** Poison to the DLQ, the rest in one transaction; retried through a database outage. */
  private async settle(entries: LaneEntry[]): Promise<void> {
    const commands: SettlementCommand[] = [];
    for (const e of entries) {
      if ('poison' in e.work) await this.ports.deadLetter(e, e.work.poison.code, e.work.poison.message);
      else commands.push(e.work.command);
    }
    if (commands.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ports.settle(commands);
        return;
      } catch (err) {
        if (!isDatabaseOutage(err)) {
          await this.isolateFault(entries, err);
          return;
        }
        if (this.stopping) throw err;
        const wait = backoffMs(attempt);
        this.log.warn(`database unavailable (attempt ${attempt}), retrying in ${wait} ms: ${(err as Error).message}`);
        await sleep(wait);
      }
    }
  }

  /**
   * A batch that failed for a reason other than an outage: settle its messages one by one so a
   * single faulty message cannot hold the lane; that one goes to the DLQ.
   */
  private async isolateFault(entries: LaneEntry[], err: unknown): Promise<void> {
    this.log.error(`batch of ${entries.length} failed, settling one by one: ${(err as Error).message}`);
    for (const e of entries) {
      if (!('command' in e.work)) continue;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.ports.settle([e.work.command]);
          break;
        } catch (fault) {
          if (isDatabaseOutage(fault)) {
            if (this.stopping) throw fault;
            await sleep(backoffMs(attempt));
            continue;
          }
          this.log.error(`message could not be settled: ${(fault as Error).message}`);
          await this.ports.deadLetter(e, 'PROCESSING_FAULT', (fault as Error).message);
          break;
        }
      }
    }
  }

  /**
   * One commit in flight at a time, and at most one per minCommitIntervalMs unless stopping; what
   * settles meanwhile is merged into the next one.
   */
  private scheduleCommit(): void {
    if (this.commitScheduled || this.abandoned) return;
    this.commitScheduled = true;
    this.committing = this.committing.then(async () => {
      const wait = this.lastCommitAt + (this.options.minCommitIntervalMs ?? 0) - Date.now();
      if (wait > 0 && !this.stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          this.endCommitWait = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.endCommitWait = null;
      }
      this.commitScheduled = false;
      this.lastCommitAt = Date.now();
      if (this.abandoned || this.pendingOffsets.size === 0) return;
      const batch = [...this.pendingOffsets.values()];
      this.pendingOffsets.clear();
      try {
        await this.ports.commitOffsets(batch.map((p) => p.tp));
        const hw = new Map(batch.map((p) => [`${p.tp.topic}|${p.tp.partition}`, BigInt(p.highWatermark)]));
        this.ports.onCommitted?.(
          batch.map((p) => p.tp),
          (tp) => {
            const lag = (hw.get(`${tp.topic}|${tp.partition}`) ?? 0n) - BigInt(tp.offset);
            return lag > 0n ? lag : 0n;
          },
        );
      } catch (err) {
        // Not fatal: the messages are settled; at worst they are redelivered and recognised.
        for (const p of batch) {
          const key = `${p.tp.topic}|${p.tp.partition}`;
          if (!this.pendingOffsets.has(key)) this.pendingOffsets.set(key, p);
        }
        this.log.warn(`offset commit failed, retrying: ${(err as Error).message}`);
        setTimeout(() => this.scheduleCommit(), 1000).unref();
      }
    });
  }

  private async flushCommits(): Promise<void> {
    await this.committing;
    if (this.pendingOffsets.size && !this.abandoned) {
      this.scheduleCommit();
      await this.committing;
    }
  }

  private releaseWaiters(): void {
    const waiters = this.takenWaiters;
    this.takenWaiters = [];
    for (const w of waiters) w();
  }
}

function backoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(attempt, 7));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
