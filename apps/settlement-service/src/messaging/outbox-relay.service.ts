import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KafkaClient, ProducerHandle } from './kafka-client';
import { Metrics } from '../observability/metrics';
import { OutgoingRecord, publishBounded } from './bounded-publish';
import { PollingRelay } from './polling-relay';
import { Database } from '../store/database';
import { outboxQueue } from '../store/outbox-queue';
import type { SqlRunner } from '../store/sql-runner';
import type { CommittedOutboxRow } from '../application/ports/commit-notifier';

/** Arbitrary constant: only the instance holding this advisory lock relays, keeping one order. */
const RELAY_LOCK_KEY = 0x6f6a6a69;
const BATCH_ROWS = 2000;
const IDLE_POLL_MS = 250;
const PURGE_EVERY_MS = 60_000;
const BACKLOG_EVERY_MS = 2000;
/** Ids a poll published are remembered this long, so a late hand-over of the same row is skipped. */
const POLLED_MEMORY = 20_000;
/** Structured-mode CloudEvents over Kafka: the whole event is the message value. */
const CONTENT_TYPE = 'application/cloudevents+json';

/** An event about a charge also names its merchant and terminal, for gateways routing by header. */
function headersOf(row: CommittedOutboxRow): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE };
  if (row.merchantId) headers.merchantId = row.merchantId;
  if (row.terminalId) headers.terminalId = row.terminalId;
  return headers;
}

/**
 * Publishes outbox rows to Kafka in id order and marks them sent after the broker acknowledged
 * them. Marks are gathered and written before each poll (every IDLE_POLL_MS at most) or once
 * BATCH_ROWS are waiting, not once per hand-over: each mark is a statement and a commit with its
 * own WAL flush, and at light load there was one per transaction. A crash before the mark re-sends
 * the same rows with the same event ids: consumers see duplicates (by id), never a gap or a
 * reordering. Produce requests are bounded by bytes and count (bounded-publish.ts), so a backlog
 * of any size drains; a row the broker refuses even alone is marked failed for an operator
 * (docs/RUNBOOK.md) instead of blocking every row behind it.
 *
 * Rows the settlement processor has just committed are handed over in memory and published
 * without reading them back (a round trip off every answer's latency); polling the table remains
 * for everything else: other writers, rows whose publishing failed, and restarts. A hand-over
 * that fails or arrives while another instance holds the relay lock is simply dropped: the rows
 * are in the table and the (lock holder's) poll sends them.
 */
@Injectable()
export class OutboxRelay extends PollingRelay {
  private lastBacklog = 0;
  /**
   * Hand-overs are taken only while this instance relays and its last poll found the table
   * drained: then nothing older is waiting that a handed-over row could overtake.
   */
  private handOverOpen = false;
  private handedOver: CommittedOutboxRow[] = [];
  private lastPollAt = 0;
  private lastBacklogCheck = 0;
  private lastPurge = 0;
  private readonly handedOverIds = new Set<string>();
  /** Ids recently published by a poll, oldest first. */
  private readonly polledIds = new Set<string>();
  /** Published, not yet marked sent in the table (marked before the next poll). */
  private readonly sentUnmarked = new Set<string>();
  private readonly producer: ProducerHandle;

  constructor(
    db: Database,
    kafka: KafkaClient,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db, RELAY_LOCK_KEY, IDLE_POLL_MS);
    this.producer = kafka.newProducer();
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

  backlog(): number {
    return this.lastBacklog;
  }

  isBacklogHealthy(): boolean {
    return this.lastBacklog < this.config.outboxBacklogUnhealthy;
  }

  async refreshBacklog(): Promise<number> {
    const n = await outboxQueue.backlog(this.db);
    this.lastBacklog = Math.max(0, n - this.sentUnmarked.size);
    this.metrics.outboxBacklog.set(this.lastBacklog);
    return this.lastBacklog;
  }

  /**
   * Publishes one round: the table when a poll is due or nothing was handed over, then what was
   * handed over. True when the poll took a full batch (come back at once).
   */
  protected async relayOnce(sql: SqlRunner): Promise<boolean> {
    await this.housekeeping(sql);
    let polled = 0;
    if (this.handedOver.length === 0 || Date.now() - this.lastPollAt >= IDLE_POLL_MS) {
      polled = await this.pollAndPublish(sql);
    }
    if (this.handedOver.length) await this.publishHandedOver(sql);
    return polled >= BATCH_ROWS;
  }

  protected afterFailure(): void {
    // What was handed over is left to the next poll. What was sent stays remembered, to be marked
    // once the database takes writes again and not published again meanwhile (were another
    // instance to take over, it publishes those again: a duplicate by id, never a gap).
    this.dropHandedOver();
  }

  protected beforeStop(sql: SqlRunner): Promise<void> {
    return this.markSent(sql);
  }

  private async housekeeping(sql: SqlRunner): Promise<void> {
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      // Ids grow with time: walk the primary key from the oldest row up to the first recent one.
      await outboxQueue.purgeSent(sql);
    }
    if (Date.now() - this.lastBacklogCheck > BACKLOG_EVERY_MS) {
      this.lastBacklogCheck = Date.now();
      await this.refreshBacklog();
    }
  }

  private async publishHandedOver(sql: SqlRunner): Promise<void> {
    const taken = this.handedOver.splice(0, BATCH_ROWS);
    for (const r of taken) this.handedOverIds.delete(r.id);
    // One a poll published already (committed just before it was handed over) is not sent twice.
    const rows = taken.filter((r) => !this.polledIds.has(r.id));
    try {
      await this.publish(sql, rows);
    } catch (err) {
      this.dropHandedOver();
      throw err;
    }
    if (this.handedOver.length) this.wake();
  }

  private async pollAndPublish(sql: SqlRunner): Promise<number> {
    this.lastPollAt = Date.now();
    // Marked first: the poll must not see rows this relay has published already.
    await this.markSent(sql);
    const polled = await outboxQueue.unsent(sql, BATCH_ROWS);
    // A row committed just now may already be handed over; it is published from there. One sent
    // whose mark failed (a read-only database) is not sent again.
    const rows = polled.filter((r) => !this.handedOverIds.has(r.id) && !this.sentUnmarked.has(r.id));
    await this.publish(sql, rows);
    for (const r of rows) this.polledIds.add(r.id);
    for (const id of this.polledIds) {
      if (this.polledIds.size <= POLLED_MEMORY) break;
      this.polledIds.delete(id);
    }
    if (polled.length < BATCH_ROWS) this.handOverOpen = true;
    return polled.length;
  }

  private async publish(sql: SqlRunner, rows: readonly CommittedOutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    const records = rows.map((r): OutgoingRecord => ({
      id: r.id,
      topic: r.topic,
      key: r.key,
      value: r.payload,
      headers: headersOf(r),
    }));
    const refused = await publishBounded(
      this.producer,
      records,
      { maxBytes: this.config.kafkaProduceMaxBytes, maxCount: BATCH_ROWS },
      async (sent) => {
        for (const r of sent) this.sentUnmarked.add(r.id);
        this.lastBacklog = Math.max(0, this.lastBacklog - sent.length);
        if (this.sentUnmarked.size >= BATCH_ROWS) await this.markSent(sql);
      },
    );
    for (const { record, reason } of refused) {
      await outboxQueue.markRefused(sql, record.id, reason);
      this.metrics.relayRefused.inc({ relay: 'outbox' });
      this.log.error(`outbox row ${record.id} refused by the broker and set aside for an operator: ${reason}`);
    }
  }

  /** Marks what was published sent, in one statement. */
  private async markSent(sql: SqlRunner): Promise<void> {
    if (this.sentUnmarked.size === 0) return;
    const ids = [...this.sentUnmarked];
    await outboxQueue.markSent(sql, ids);
    for (const id of ids) this.sentUnmarked.delete(id);
  }

  private dropHandedOver(): void {
    this.handOverOpen = false;
    this.handedOver = [];
    this.handedOverIds.clear();
  }
}
