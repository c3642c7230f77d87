import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KafkaClient, ProducerHandle } from './kafka-client';
import { dlqTopic } from '../shared/topics';
import { DEAD_LETTER_HEADERS } from '../shared/dead-letter-headers';
import { Metrics } from '../observability/metrics';
import { Database } from '../store/database';
import { StoredDeadLetter, deadLetterQueue } from '../store/dead-letter-store';
import type { SqlRunner } from '../store/sql-runner';
import { OutgoingRecord, publishBounded } from './bounded-publish';
import { PollingRelay } from './polling-relay';

const RELAY_LOCK_KEY = 0x6f6a6a6a;
const BATCH_ROWS = 500;
const IDLE_POLL_MS = 500;

/**
 * Publishes the dead letters the settlement transactions kept to `<original topic>.dlq`: the
 * original key and bytes untouched, the original headers plus `x-error-code`, `x-error-message`,
 * `x-original-topic`, `x-original-partition` and `x-original-offset` (CONTRACT.md). A DLQ topic
 * that cannot be written holds only this relay, never settlement; the letters wait in the table.
 */
@Injectable()
export class DeadLetterRelay extends PollingRelay {
  private readonly producer: ProducerHandle;
  private lastBacklog = 0;

  constructor(
    db: Database,
    kafka: KafkaClient,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db, RELAY_LOCK_KEY, IDLE_POLL_MS);
    this.producer = kafka.newProducer();
  }

  /** Dead letters waiting to be published, as of the last round of the active relay. */
  backlog(): number {
    return this.lastBacklog;
  }

  protected async relayOnce(sql: SqlRunner): Promise<boolean> {
    const letters = await deadLetterQueue.unsent(sql, BATCH_ROWS);
    this.lastBacklog = letters.length;
    this.metrics.deadLetterBacklog.set(letters.length);
    if (letters.length === 0) return false;
    const refused = await publishBounded(
      this.producer,
      letters.map(toRecord),
      { maxBytes: this.config.kafkaProduceMaxBytes, maxCount: BATCH_ROWS },
      async (sent) => {
        await deadLetterQueue.markSent(
          sql,
          sent.map((r) => r.id),
        );
        for (const r of sent) {
          const letter = letters.find((l) => l.id === r.id)!;
          this.metrics.dlqMessages.inc({ topic: letter.topic, code: letter.code });
          this.log.warn(
            `message ${letter.topic}/${letter.partition}@${letter.offset} published to the DLQ: ${letter.code}`,
          );
        }
      },
    );
    for (const { record, reason } of refused) {
      await deadLetterQueue.markRefused(sql, record.id, reason);
      this.metrics.relayRefused.inc({ relay: 'dead-letters' });
      this.log.error(
        `dead letter ${record.id} refused by the DLQ topic and kept in the table for an operator: ${reason}`,
      );
    }
    this.lastBacklog = 0;
    return letters.length >= BATCH_ROWS;
  }

  protected afterFailure(): void {
    // Nothing kept in memory: every round starts from the table.
  }

  protected async beforeStop(): Promise<void> {
    // Marks are written per request; nothing to flush.
  }
}

function toRecord(letter: StoredDeadLetter): OutgoingRecord {
  return {
    id: letter.id,
    topic: dlqTopic(letter.topic),
    key: letter.key,
    value: letter.value,
    headers: {
      ...letter.headers,
      [DEAD_LETTER_HEADERS.code]: letter.code,
      [DEAD_LETTER_HEADERS.message]: letter.message,
      [DEAD_LETTER_HEADERS.originalTopic]: letter.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(letter.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: letter.offset,
    },
  };
}
