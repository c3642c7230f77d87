import { Logger } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { SettlementCommand } from '../application/settlement/settlement-command';
import { describeFault as describe, isSizeSensitiveFault, isWorldFault } from '../shared/fault-class';

/** One fetched message, decoded, waiting for its turn. */
export interface LaneEntry {
  topic: string;
  partition: number;
  message: KafkaMessage;
  highWatermark: string;
  /** What to settle, or why the message cannot be read (it then becomes a dead letter). */
  work: { command: SettlementCommand } | { poison: { code: string; message: string } };
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to consume: the last settled one + 1. */
  offset: string;
}

/** What the lane needs from the outside: the database side and Kafka's offset commit. */
export interface LanePorts {
  /** Settles the entries in ONE transaction: commands applied, poison kept as dead letters. */
  settle(entries: LaneEntry[]): Promise<unknown>;
  /**
   * Records a message that failed alone, twice, against a writable database: its final answer
   * (when it has one) and a dead letter, in one transaction.
   */
  quarantine(entry: LaneEntry, fault: unknown): Promise<void>;
  /** Whether the database takes a committed write right now. */
  probeWritable(): Promise<boolean>;
  commitOffsets(offsets: TopicPartitionOffset[]): Promise<void>;
  /** Called after offsets were committed, with the partition's lag behind its high watermark. */
  onCommitted?(offsets: TopicPartitionOffset[], lagOf: (tp: TopicPartitionOffset) => bigint): void;
  /** Called when a fault of the world starts holding the lane, and with null when it flows again. */
  onHeld?(fault: unknown | null): void;
  /** Called once per message judged faulty (quarantined). */
  onMessageFault?(entry: LaneEntry, fault: unknown): void;
}

export interface LaneOptions {
  /** Most messages per database transaction. */
  maxBatch: number;
  /** Least time between the starts of two offset commits (0: commit after every transaction). */
  minCommitIntervalMs?: number;
  /** Longest wait between two attempts while the world is at fault. */
  maxBackoffMs?: number;
  /** How often a fetch waiting for the lane keeps its consumer's group session alive. */
  keepAliveMs?: number;
}

const DEFAULT_MAX_BACKOFF_MS = 2000;
/** While held, a log line at most this often (every attempt is counted in the metrics). */
const HELD_LOG_EVERY_MS = 10_000;

/** Thrown out of a settle attempt when the lane is stopping in the middle of a fault. */
class Stopping extends Error {}

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
 * in queue order, so a committed offset never passes an unsettled message.
 *
 * Faults: a fault of the world (fault-class.ts) holds the lane — the same messages are tried
 * again with backoff, nothing after them is taken and nothing is acknowledged — until it heals.
 * Any other failure splits the batch in halves until the failing message stands alone; it must
 * then fail again against a database that has just accepted a probe write before it is
 * quarantined (a final answer and a dead letter). A probe that fails means the world again: hold.
 * A stop in the middle of a fault abandons what is queued (and commits nothing more): those
 * messages are redelivered to whoever consumes next.
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
  /** Partitions this consumer holds (`topic|partition`); null until the first assignment. */
  private assigned: Set<string> | null = null;
  private heldSince: number | null = null;
  private lastHeldLog = 0;
  private holdAttempts = 0;

  constructor(
    private readonly ports: LanePorts,
    private readonly options: LaneOptions,
  ) {
    this.loopDone = this.loop();
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Since when a fault of the world holds the lane (ms since the epoch), or null while it flows. */
  get heldSinceMs(): number | null {
    return this.heldSince;
  }

  /**
   * The partitions this consumer holds after a rebalance: queued messages of the others are not
   * settled here any more, nor are their offsets committed (their new owner has them).
   */
  setAssignment(partitions: readonly { topic: string; partition: number }[]): void {
    this.assigned = new Set(partitions.map((p) => key(p.topic, p.partition)));
    for (const k of [...this.pendingOffsets.keys()]) if (!this.assigned.has(k)) this.pendingOffsets.delete(k);
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
        const timer = setTimeout(resolve, this.options.keepAliveMs ?? 1000);
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
      const taken = this.queue.slice(this.head, end).filter((e) => this.owns(e));
      this.takenTotal += end - this.head;
      this.head = end;
      if (this.head > 10_000 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.releaseWaiters();
      if (taken.length === 0) continue;
      this.busy = true;
      const settled = await this.settleInHalves(taken).then(
        () => true,
        (err: unknown) => {
          if (err instanceof Stopping) return false;
          throw err;
        },
      );
      this.busy = false;
      if (!settled) {
        // A stop during a fault: keep everything uncommitted for redelivery.
        this.abandoned = true;
        this.log.warn(`stopping with ${taken.length + this.queued} unsettled messages; they will be redelivered`);
        this.queue = [];
        this.head = 0;
        this.releaseWaiters();
        return;
      }
      for (const e of taken) {
        if (!this.owns(e)) continue;
        const next = (BigInt(e.message.offset) + 1n).toString();
        this.pendingOffsets.set(key(e.topic, e.partition), {
          tp: { topic: e.topic, partition: e.partition, offset: next },
          highWatermark: e.highWatermark,
        });
      }
      this.scheduleCommit();
      this.releaseWaiters();
    }
  }

  private owns(e: LaneEntry): boolean {
    return this.assigned === null || this.assigned.has(key(e.topic, e.partition));
  }

  /**
   * Settles `entries` in one transaction if it can, else each half in turn (in order), down to
   * single messages; throws only `Stopping`.
   */
  private async settleInHalves(entries: LaneEntry[]): Promise<void> {
    if (entries.length === 1) return this.settleAlone(entries[0]);
    for (;;) {
      try {
        await this.ports.settle(entries);
        this.flowing();
        return;
      } catch (err) {
        if (!isWorldFault(err)) break;
        await this.hold(err);
        if (isSizeSensitiveFault(err)) break;
      }
    }
    const half = Math.ceil(entries.length / 2);
    await this.settleInHalves(entries.slice(0, half));
    await this.settleInHalves(entries.slice(half));
  }

  /** One message: settled, or held through the world's faults, or quarantined as faulty. */
  private async settleAlone(entry: LaneEntry): Promise<void> {
    for (;;) {
      let fault: unknown;
      try {
        await this.ports.settle([entry]);
        this.flowing();
        return;
      } catch (err) {
        fault = err;
      }
      if (isWorldFault(fault) || !(await this.ports.probeWritable())) {
        await this.hold(fault);
        continue;
      }
      // It failed alone while the database takes writes: once more, to rule out a passing fault.
      try {
        await this.ports.settle([entry]);
        this.flowing();
        return;
      } catch (again) {
        if (isWorldFault(again)) {
          await this.hold(again);
          continue;
        }
        fault = again;
      }
      try {
        await this.ports.quarantine(entry, fault);
        this.ports.onMessageFault?.(entry, fault);
        this.log.error(
          `${entry.topic}/${entry.partition}@${entry.message.offset} cannot be settled and was quarantined: ${describe(fault)}`,
        );
        this.flowing();
        return;
      } catch (err) {
        // Not even its answer can be written: never drop it, hold as for the world.
        await this.hold(err);
      }
    }
  }

  /** Waits before the next attempt; throws `Stopping` when the lane is asked to stop meanwhile. */
  private async hold(fault: unknown): Promise<void> {
    if (this.stopping) throw new Stopping();
    const now = Date.now();
    if (this.heldSince === null) {
      this.heldSince = now;
      this.holdAttempts = 0;
      this.ports.onHeld?.(fault);
    }
    this.holdAttempts++;
    if (now - this.lastHeldLog >= HELD_LOG_EVERY_MS) {
      this.lastHeldLog = now;
      this.log.warn(
        `settlement held for ${Math.round((now - this.heldSince) / 1000)} s (attempt ${this.holdAttempts}), retrying: ${describe(fault)}`,
      );
    }
    await sleep(backoffMs(this.holdAttempts, this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS));
    if (this.stopping) throw new Stopping();
  }

  private flowing(): void {
    if (this.heldSince === null) return;
    this.log.log(`settlement flows again after ${Math.round((Date.now() - this.heldSince) / 1000)} s held`);
    this.heldSince = null;
    this.lastHeldLog = 0;
    this.ports.onHeld?.(null);
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
        const hw = new Map(batch.map((p) => [key(p.tp.topic, p.tp.partition), BigInt(p.highWatermark)]));
        this.ports.onCommitted?.(
          batch.map((p) => p.tp),
          (tp) => {
            const lag = (hw.get(key(tp.topic, tp.partition)) ?? 0n) - BigInt(tp.offset);
            return lag > 0n ? lag : 0n;
          },
        );
      } catch (err) {
        // Not fatal: the messages are settled; at worst they are redelivered and recognised.
        for (const p of batch) {
          const k = key(p.tp.topic, p.tp.partition);
          const stillOurs = this.assigned === null || this.assigned.has(k);
          if (stillOurs && !this.pendingOffsets.has(k)) this.pendingOffsets.set(k, p);
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

function key(topic: string, partition: number): string {
  return `${topic}|${partition}`;
}

function backoffMs(attempt: number, max: number): number {
  return Math.min(max, 100 * 2 ** Math.min(attempt - 1, 7));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
