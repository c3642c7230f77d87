import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, KafkaConfig, LogEntry, Partitioners, Producer, SASLOptions, logLevel } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * An idempotent producer that can be thrown away and made anew: one whose sequence numbers the
 * broker no longer accepts (after a broker restart, or after a refused request) never recovers
 * by retrying, so every publisher resets its own after a failed send, without touching others'.
 */
export class ProducerHandle {
  private producerPromise: Promise<Producer> | null = null;

  constructor(private readonly create: () => Producer) {}

  get(): Promise<Producer> {
    if (!this.producerPromise) {
      const producer = this.create();
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

  async reset(): Promise<void> {
    const current = this.producerPromise;
    this.producerPromise = null;
    const p = await current?.catch(() => null);
    await p?.disconnect().catch(() => undefined);
  }
}

/** TLS and SASL for a kafkajs client: every client the service makes carries them (KAFKA_SSL*, KAFKA_SASL_*). */
export function kafkaSecurityOptions(config: AppConfig): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { ssl, sasl } = config.kafkaSecurity;
  return {
    ssl: typeof ssl === 'boolean' ? ssl : { ...ssl, ...(ssl.ca ? { ca: [...ssl.ca] } : {}) },
    ...(sasl ? { sasl: { ...sasl } as SASLOptions } : {}),
  };
}

/** One kafkajs client for the process; each publisher (outbox relay, DLQ relay) has its own producer. */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  readonly kafka: Kafka;
  private readonly handles: ProducerHandle[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.kafka = new Kafka({
      clientId: config.kafkaClientId,
      brokers: config.kafkaBrokers,
      ...kafkaSecurityOptions(config),
      logLevel: logLevel.WARN,
      logCreator: kafkaLogsToNest,
      retry: { initialRetryTime: 200, maxRetryTime: config.kafkaMaxRetryMs, retries: 8 },
    });
  }

  /** Idempotent, one request in flight: the broker keeps our order and drops our retries. */
  newProducer(): ProducerHandle {
    const handle = new ProducerHandle(() =>
      this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Java-compatible murmur2: a patient's events land where other clients would put them.
        createPartitioner: Partitioners.DefaultPartitioner,
        // A few retries, then the publisher sees the failure, reports it, resets and tries again
        // from its table: a broker away or a topic that takes nothing shows in /health/ready.
        retry: { retries: 5, initialRetryTime: 200, maxRetryTime: this.config.kafkaMaxRetryMs },
      }),
    );
    this.handles.push(handle);
    return handle;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.reset()));
  }
}

/**
 * kafkajs states it retries by itself (a coordinator still being elected, a broker still starting,
 * a connection refused while it restarts): below ERROR, since nothing is wrong unless they last,
 * which the health endpoint and the metrics tell. A genuine error stays at ERROR.
 */
const RETRIABLE_STATE =
  /group coordinator (is )?not available|not coordinator|coordinator load in progress|leader not available|not leader|Connection error|ECONNREFUSED|ECONNRESET|Failed to connect to seed broker|Connection timeout|Request .* timed out|rebalanc|The group is rebalancing|KafkaJSNumberOfRetriesExceeded|Broker not connected|Closed connection|There is no leader for this topic-partition|This server does not host this topic-partition|Not enough replicas|Restarting the consumer/i;

/** kafkajs logs through the service's logger, so they are JSON lines like everything else. */
function kafkaLogsToNest(): (entry: LogEntry) => void {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    const text = `${namespace ? `[${namespace}] ` : ''}${log.message}${log.broker ? ` (broker ${String(log.broker)})` : ''}`;
    if (level === logLevel.ERROR && !RETRIABLE_STATE.test(text)) logger.error(text);
    else if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(text);
    else logger.log(text);
  };
}
