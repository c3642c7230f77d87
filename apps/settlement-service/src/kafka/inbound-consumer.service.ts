import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Metrics } from '../observability/metrics';
import { MessageSource, SettlementCommand } from '../settlement/inbound-command';
import {
  DecodedMessage,
  decodeCharge,
  decodeDecision,
  decodeReversal,
} from '../settlement/messages/decode-inbound-message';
import { SettlementProcessor } from '../settlement/settlement-processor';
import { isDatabaseOutage } from '../settlement/transient-db-error';
import { KafkaClient } from './kafka.module';
import { INBOUND_TOPICS, TOPICS, dlqTopic } from './topics';

const MAX_BACKOFF_MS = 10_000;

/**
 * Consumes the three inbound topics with kafkajs directly: Nest's built-in Kafka server commits
 * per message and has no batch mode. Each chunk of a partition's batch is settled in one
 * database transaction, and only after its commit is the Kafka offset committed. Poison goes to
 * `<topic>.dlq` untouched; a database outage pauses the partition and retries with backoff.
 */
@Injectable()
export class InboundConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(InboundConsumer.name);
  private consumer: Consumer | null = null;
  private stopping = false;
  private started: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: KafkaClient,
    private readonly processor: SettlementProcessor,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: the service answers /health while Kafka is still unreachable.
    this.started = this.startWithRetry();
  }

  /** Stops fetching, lets the batch in hand finish (and commit), then leaves the group. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.started.catch(() => undefined);
    await this.consumer?.disconnect().catch((err: Error) => this.log.warn(`consumer disconnect: ${err.message}`));
  }

  private async startWithRetry(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.start();
        return;
      } catch (err) {
        this.log.warn(`consumer start failed (attempt ${attempt}): ${(err as Error).message}`);
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = null;
        await sleep(Math.min(MAX_BACKOFF_MS, 500 * attempt));
      }
    }
  }

  private async start(): Promise<void> {
    const consumer = this.kafka.kafka.consumer({
      groupId: this.config.kafkaGroupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: 100,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: MAX_BACKOFF_MS },
    });
    this.consumer = consumer;
    // kafkajs restarts itself after retriable crashes only; after any other crash (e.g. during a
    // broker restart) consumption would stop for good, so start a fresh consumer instead.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopping || this.consumer !== consumer) return;
      this.log.error(`consumer crashed and will not restart by itself (${payload.error.message}); starting a new one`);
      this.consumer = null;
      void consumer.disconnect().catch(() => undefined);
      this.started = this.startWithRetry();
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...INBOUND_TOPICS], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const size = this.config.settlementBatchSize;
    for (let i = 0; i < batch.messages.length; i += size) {
      if (!isRunning() || isStale() || this.stopping) return;
      const chunk = batch.messages.slice(i, i + size);
      const commands: SettlementCommand[] = [];
      for (const m of chunk) {
        const decoded = decode(batch.topic, m.value);
        if (decoded.kind === 'poison') {
          await this.sendToDlq(batch.topic, batch.partition, m, decoded.code, decoded.message);
        } else {
          commands.push(toCommand(decoded, { topic: batch.topic, partition: batch.partition, offset: m.offset }));
        }
      }
      const byOffset = new Map(chunk.map((m) => [m.offset, m]));
      await this.settleUntilCommitted(commands, heartbeat, isRunning, (offset) => byOffset.get(offset));
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      const next = (BigInt(last) + 1n).toString();
      await this.consumer?.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      const lag = BigInt(batch.highWatermark) - BigInt(next);
      this.metrics.consumerLag.set(
        { topic: batch.topic, partition: String(batch.partition) },
        Number(lag > 0n ? lag : 0n),
      );
      await heartbeat();
    }
  }

  /** A database outage blocks only this partition; nothing is acknowledged until it commits. */
  private async settleUntilCommitted(
    commands: SettlementCommand[],
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
    messageAt: (offset: string) => KafkaMessage | undefined,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.processor.process(commands);
        return;
      } catch (err) {
        if (!isDatabaseOutage(err)) {
          await this.isolateFault(commands, err, messageAt);
          return;
        }
        if (!isRunning() || this.stopping)
          throw new Error('shutting down with an unsettled batch; it will be redelivered');
        const wait = backoffMs(attempt);
        this.log.warn(`database unavailable (attempt ${attempt}), retrying in ${wait} ms: ${(err as Error).message}`);
        await sleep(wait);
        await heartbeat().catch(() => undefined);
      }
    }
  }

  /**
   * A batch that failed for a reason other than an outage: settle its messages one by one so a
   * single faulty message cannot hold the partition; that one goes to the DLQ.
   */
  private async isolateFault(
    commands: SettlementCommand[],
    err: unknown,
    messageAt: (offset: string) => KafkaMessage | undefined,
  ): Promise<void> {
    this.log.error(`batch of ${commands.length} failed, settling one by one: ${(err as Error).message}`);
    for (const cmd of commands) {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.processor.process([cmd]);
          break;
        } catch (e) {
          if (isDatabaseOutage(e)) {
            if (this.stopping) throw e;
            await sleep(backoffMs(attempt));
            continue;
          }
          const source = 'source' in cmd ? cmd.source : undefined;
          const m = source ? messageAt(source.offset) : undefined;
          this.log.error(`message could not be settled: ${(e as Error).message}`);
          if (source && m)
            await this.sendToDlq(source.topic, source.partition, m, 'PROCESSING_FAULT', (e as Error).message);
          break;
        }
      }
    }
  }

  private async sendToDlq(
    topic: string,
    partition: number,
    m: KafkaMessage,
    code: string,
    message: string,
  ): Promise<void> {
    const producer = await this.kafka.producer();
    await producer.send({
      topic: dlqTopic(topic),
      acks: -1,
      messages: [
        {
          key: m.key,
          value: m.value,
          headers: {
            ...m.headers,
            'x-error-code': code,
            'x-error-message': message.slice(0, 500),
            'x-original-topic': topic,
            'x-original-partition': String(partition),
            'x-original-offset': m.offset,
          },
        },
      ],
    });
    this.metrics.dlqMessages.inc({ topic, code });
    this.log.warn(`message ${topic}/${partition}@${m.offset} sent to DLQ: ${code}`);
  }
}

function toCommand(decoded: Exclude<DecodedMessage, { kind: 'poison' }>, source: MessageSource): SettlementCommand {
  if (decoded.kind === 'decision') {
    const d = decoded.decision;
    return { kind: 'decision', authorizationId: d.authorizationId, holderId: d.holderId, decision: d.decision, source };
  }
  return { ...decoded, source };
}

function backoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(attempt, 7));
}

function decode(topic: string, value: Buffer | null): DecodedMessage {
  switch (topic) {
    case TOPICS.charges:
      return decodeCharge(value);
    case TOPICS.reversals:
      return decodeReversal(value);
    case TOPICS.authorizationDecisions:
      return decodeDecision(value);
    default:
      return { kind: 'poison', code: 'UNKNOWN_TOPIC', message: `not an inbound topic: ${topic}` };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
