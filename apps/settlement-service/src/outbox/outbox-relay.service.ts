import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KafkaClient } from '../kafka/kafka.module';
import { Metrics } from '../observability/metrics';

/** A row a transaction has just committed to the outbox, handed over to be published at once. */
export interface CommittedOutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: string;
}

interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  payload: string;
}

/** Arbitrary constant: only the instance holding this advisory lock relays, keeping one order. */
const RELAY_LOCK_KEY = 0x6f6a6a69;
const BATCH_ROWS = 2000;
const IDLE_POLL_MS = 250;
/** Published rows are kept this long (a window to re-publish by hand), then removed. */
const SENT_RETENTION = '7 days';
const PURGE_EVERY_MS = 60_000;
/** Ids a poll published are remembered this long, so a late hand-over of the same row is skipped. */
const POLLED_MEMORY = 20_000;

/**
 * Publishes outbox rows to Kafka in id order and marks them sent after the broker acknowledged
 * them. Marks are gathered and written before each poll (every IDLE_POLL_MS at most) or once
 * BATCH_ROWS are waiting, not once per hand-over: each mark is a statement and a commit with its
 * own WAL flush, and at light load there was one per transaction. A crash before the mark re-sends
 * the same rows with the same event ids: consumers see duplicates (by id), never a gap or a
 * reordering.
 *
 * Rows the settlement processor has just committed are handed over in memory and published
 * without reading them back (a round trip off every answer's latency); polling the table remains
 * for everything else: other writers, rows whose publishing failed, and restarts. A hand-over
 * that fails or arrives while another instance holds the relay lock is simply dropped: the rows
 * are in the table and the (lock holder's) poll sends them.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private lastBacklog = 0;
  /**
   * Hand-overs are taken only while this instance relays and its last poll found the table
   * drained: then nothing older is waiting that a handed-over row could overtake.
   */
  private handOverOpen = false;
  private handedOver: CommittedOutboxRow[] = [];
  private lastPollAt = 0;
  private readonly handedOverIds = new Set<string>();
  /** Ids recently published by a poll, oldest first. */
  private readonly polledIds = new Set<string>();
  /** Published, not yet marked sent in the table (marked before the next poll). */
  private readonly sentUnmarked = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly kafka: KafkaClient,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Before the database pool closes: finish the batch in hand, then stop. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
  }

  /** Called right after a commit with the outbox rows it inserted, in id order. */
  publishCommitted(rows: readonly CommittedOutboxRow[]): void {
    if (rows.length === 0) return;
    if (this.handOverOpen) {
      for (const r of rows) {
        this.handedOver.push(r);
        this.handedOverIds.add(r.id);
      }
    }
    this.wake();
  }

  /** Makes the relay look at the table now rather than at its next poll. */
  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  backlog(): number {
    return this.lastBacklog;
  }

  isBacklogHealthy(): boolean {
    return this.lastBacklog < this.config.outboxBacklogUnhealthy;
  }

  async refreshBacklog(): Promise<number> {
    const [{ n }] = (await this.db.query(`SELECT count(*)::bigint AS n FROM outbox WHERE sent_at IS NULL`)) as {
      n: string;
    }[];
    this.lastBacklog = Math.max(0, Number(n) - this.sentUnmarked.size);
    this.metrics.outboxBacklog.set(this.lastBacklog);
    return this.lastBacklog;
  }

  private async loop(): Promise<void> {
    let runner: QueryRunner | null = null;
    let failures = 0;
    let lastBacklogCheck = 0;
    let lastPurge = 0;
    while (this.running) {
      try {
        if (!runner) {
          runner = this.db.createQueryRunner();
          await runner.connect();
        }
        const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [RELAY_LOCK_KEY])) as {
          locked: boolean;
        }[];
        if (!locked) {
          // Another instance relays; stand by (our own wake-ups are not for us to act on).
          this.pendingWake = false;
          await this.sleep(1000);
          continue;
        }

        while (this.running) {
          if (Date.now() - lastPurge > PURGE_EVERY_MS) {
            lastPurge = Date.now();
            // Ids grow with time: walk the primary key from the oldest row up to the first recent one.
            await runner.query(
              `DELETE FROM outbox WHERE id IN (
                 SELECT id FROM outbox WHERE sent_at IS NOT NULL AND id < coalesce(
                   (SELECT id FROM outbox WHERE created_at >= now() - $1::interval ORDER BY id LIMIT 1),
                   9223372036854775807)
                 ORDER BY id LIMIT 10000)`,
              [SENT_RETENTION],
            );
          }
          if (Date.now() - lastBacklogCheck > 2000) {
            lastBacklogCheck = Date.now();
            await this.refreshBacklog();
          }
          const sent = await this.relayOnce(runner);
          failures = 0;
          if (sent < BATCH_ROWS) await this.sleep(IDLE_POLL_MS);
        }
      } catch (err) {
        failures++;
        // The lock may have gone with the session; what was handed over, and what was sent but not
        // marked, is left to the next poll (the latter is published again: a duplicate by id).
        this.dropHandedOver();
        this.sentUnmarked.clear();
        this.log.warn(`outbox relay failed (attempt ${failures}): ${(err as Error).message}`);
        if (runner) {
          await runner.release().catch(() => undefined);
          runner = null;
        }
        await this.kafka.resetProducer();
        await this.sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
    if (runner) {
      await this.markSent(runner).catch((err: Error) => this.log.warn(`outbox marks at stop: ${err.message}`));
      await runner.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      await runner.release().catch(() => undefined);
    }
  }

  /**
   * Publishes one round: the table when a poll is due or nothing was handed over, then what was
   * handed over. Returns how many rows it took (a full poll means: come back at once).
   */
  private async relayOnce(runner: QueryRunner): Promise<number> {
    this.pendingWake = false;
    let polled = 0;
    if (this.handedOver.length === 0 || Date.now() - this.lastPollAt >= IDLE_POLL_MS) {
      polled = await this.pollAndPublish(runner);
    }
    if (this.handedOver.length) await this.publishHandedOver(runner);
    return polled;
  }

  private async publishHandedOver(runner: QueryRunner): Promise<void> {
    const taken = this.handedOver.splice(0, BATCH_ROWS);
    for (const r of taken) this.handedOverIds.delete(r.id);
    // One a poll published already (committed just before it was handed over) is not sent twice.
    const rows = taken.filter((r) => !this.polledIds.has(r.id));
    try {
      await this.publish(runner, rows);
    } catch (err) {
      this.dropHandedOver();
      throw err;
    }
    if (this.handedOver.length) this.pendingWake = true;
  }

  private async pollAndPublish(runner: QueryRunner): Promise<number> {
    this.lastPollAt = Date.now();
    // Marked first: the poll must not see rows this relay has published already.
    await this.markSent(runner);
    const polled = (await runner.query(
      `SELECT id, event_id, topic, message_key, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1`,
      [BATCH_ROWS],
    )) as OutboxRow[];
    // A row committed just now may already be handed over; it is published from there.
    const rows = polled
      .filter((r) => !this.handedOverIds.has(r.id))
      .map((r) => ({ id: r.id, topic: r.topic, key: r.message_key, payload: r.payload }));
    await this.publish(runner, rows);
    for (const r of rows) this.polledIds.add(r.id);
    for (const id of this.polledIds) {
      if (this.polledIds.size <= POLLED_MEMORY) break;
      this.polledIds.delete(id);
    }
    if (polled.length < BATCH_ROWS) this.handOverOpen = true;
    return polled.length;
  }

  private async publish(runner: QueryRunner, rows: readonly CommittedOutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const r of rows) {
      const list = byTopic.get(r.topic) ?? [];
      // Structured-mode CloudEvents over Kafka: the whole event is the message value.
      list.push({ key: r.key, value: r.payload, headers: { 'content-type': 'application/cloudevents+json' } });
      byTopic.set(r.topic, list);
    }
    const producer = await this.kafka.producer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
    });
    for (const r of rows) this.sentUnmarked.add(r.id);
    this.lastBacklog = Math.max(0, this.lastBacklog - rows.length);
    if (this.sentUnmarked.size >= BATCH_ROWS) await this.markSent(runner);
  }

  /** Marks what was published sent, in one statement. */
  private async markSent(runner: QueryRunner): Promise<void> {
    if (this.sentUnmarked.size === 0) return;
    const ids = [...this.sentUnmarked];
    await runner.query(`UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
    for (const id of ids) this.sentUnmarked.delete(id);
  }

  private dropHandedOver(): void {
    this.handOverOpen = false;
    this.handedOver = [];
    this.handedOverIds.clear();
  }

  private sleep(ms: number): Promise<void> {
    if (this.pendingWake || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
