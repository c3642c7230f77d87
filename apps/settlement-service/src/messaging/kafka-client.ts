import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, KafkaConfig, Partitioners, Producer, ProducerConfig, SASLOptions, logLevel } from 'kafkajs';
import { kafkajsLogCreator } from '../../../../libs/kafka-logging/src';
import { AppConfig, KafkaConnectionConfig } from '../config/app-config';
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
export function kafkaSecurityOptions(config: Pick<AppConfig, 'kafkaSecurity'>): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { ssl, sasl } = config.kafkaSecurity;
  return {
    ssl: typeof ssl === 'boolean' ? ssl : { ...ssl, ...(ssl.ca ? { ca: [...ssl.ca] } : {}) },
    ...(sasl ? { sasl: { ...sasl } as SASLOptions } : {}),
  };
}

/**
 * The service's client options (brokers, client id, retries): also what the operators' tools
 * (ops/) connect with, so they reach the broker exactly as the service does.
 */
export function kafkaClientOptions(config: KafkaConnectionConfig): KafkaConfig {
  return {
    clientId: config.kafkaClientId,
    brokers: config.kafkaBrokers,
    ...kafkaSecurityOptions(config),
    retry: { initialRetryTime: 200, maxRetryTime: config.kafkaMaxRetryMs, retries: 8 },
  };
}

/** Idempotent, one request in flight: the broker keeps our order and drops our retries. */
export function producerOptions(config: KafkaConnectionConfig): ProducerConfig {
  return {
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // Java-compatible murmur2: a patient's events land where other clients would put them.
    createPartitioner: Partitioners.DefaultPartitioner,
    // A few retries, then the publisher sees the failure, reports it, resets and tries again
    // from its table: a broker away or a topic that takes nothing shows in /health/ready.
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: config.kafkaMaxRetryMs },
  };
}

/** One kafkajs client for the process; each publisher (outbox relay, DLQ relay) has its own producer. */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  readonly kafka: Kafka;
  private readonly handles: ProducerHandle[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.kafka = new Kafka({ ...kafkaClientOptions(config), logLevel: logLevel.WARN, logCreator: kafkaLogsToNest });
  }

  newProducer(): ProducerHandle {
    const handle = new ProducerHandle(() => this.kafka.producer(producerOptions(this.config)));
    this.handles.push(handle);
    return handle;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.reset()));
  }
}

/** kafkajs logs through the service's logger, so they are JSON lines like everything else. */
const kafkaLogsToNest = (() => {
  const logger = new Logger('kafkajs');
  return kafkajsLogCreator((severity, text) => {
    if (severity === 'error') logger.error(text);
    else if (severity === 'warn') logger.warn(text);
    else if (severity === 'info') logger.log(text);
    else logger.debug(text);
  });
})();
