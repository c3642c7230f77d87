import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, LogEntry, Partitioners, Producer, logLevel } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** One kafkajs client and one idempotent producer for the process (outbox relay and DLQ). */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  readonly kafka: Kafka;
  private producerPromise: Promise<Producer> | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.kafka = new Kafka({
      clientId: config.kafkaClientId,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogsToNest,
      retry: { initialRetryTime: 200, retries: 8 },
    });
  }

  /** Idempotent, one request in flight: the broker keeps our order and drops our retries. */
  producer(): Promise<Producer> {
    if (!this.producerPromise) {
      // Idempotence needs unbounded retries; callers (relay, DLQ) wait out a broker outage anyway.
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Java-compatible murmur2: a patient's events land where other clients would put them.
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
      });
      this.producerPromise = producer.connect().then(
        () => producer,
        (err: unknown) => {
          this.producerPromise = null;
          throw err;
        },
      );
    }
    return this.producerPromise;
  }

  /**
   * Drops the producer after a failed send: an idempotent producer whose sequence numbers the
   * broker no longer accepts (e.g. after a broker restart) never recovers by retrying.
   */
  async resetProducer(): Promise<void> {
    const current = this.producerPromise;
    this.producerPromise = null;
    const p = await current?.catch(() => null);
    await p?.disconnect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.producerPromise) {
      const p = await this.producerPromise.catch(() => null);
      await p?.disconnect();
    }
  }
}

@Global()
@Module({ providers: [KafkaClient], exports: [KafkaClient] })
export class KafkaModule {}

/** kafkajs logs through the service's logger, so they are JSON lines like everything else. */
function kafkaLogsToNest(): (entry: LogEntry) => void {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    const text = `${namespace ? `[${namespace}] ` : ''}${log.message}${log.broker ? ` (broker ${String(log.broker)})` : ''}`;
    if (level === logLevel.ERROR) logger.error(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else logger.log(text);
  };
}
