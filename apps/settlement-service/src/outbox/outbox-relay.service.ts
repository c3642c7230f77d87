import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KafkaClient } from '../kafka/kafka.module';
import { Metrics } from '../observability/metrics';

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

/**
 * Publishes outbox rows to Kafka in id order and marks them sent after the broker acknowledged
 * them. A crash between the two re-sends the same rows with the same event ids: consumers see
 * duplicates (by id), never a gap or a reordering.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private lastBacklog = 0;

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

  /** Called after a commit that wrote events, so they leave without waiting for the poll. */
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
    this.lastBacklog = Number(n);
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
      await runner.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      await runner.release().catch(() => undefined);
    }
  }

  /** Publishes one batch; returns how many rows it sent. */
  private async relayOnce(runner: QueryRunner): Promise<number> {
    this.pendingWake = false;
    const rows = (await runner.query(
      `SELECT id, event_id, topic, message_key, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1`,
      [BATCH_ROWS],
    )) as OutboxRow[];
    if (rows.length === 0) return 0;
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const r of rows) {
      const list = byTopic.get(r.topic) ?? [];
      // Structured-mode CloudEvents over Kafka: the whole event is the message value.
      list.push({ key: r.message_key, value: r.payload, headers: { 'content-type': 'application/cloudevents+json' } });
      byTopic.set(r.topic, list);
    }
    const producer = await this.kafka.producer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
    });
    await runner.query(`UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    this.lastBacklog = Math.max(0, this.lastBacklog - rows.length);
    return rows.length;
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
