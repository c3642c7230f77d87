import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus metrics, in one registry served at /metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly outcomes = new Counter({
    name: 'gongji_outcomes_total',
    help: 'Outcome events written, by type and reason code',
    labelNames: ['type', 'reason'] as const,
    registers: [this.registry],
  });
  readonly processingSeconds = new Histogram({
    name: 'gongji_message_processing_seconds',
    help: 'Time from a message batch being handed to the consumer to its database commit, per message',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'gongji_batch_messages',
    help: 'Messages settled per database transaction',
    buckets: [1, 5, 10, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });
  readonly consumerLag = new Gauge({
    name: 'gongji_consumer_lag_messages',
    help: 'High watermark minus the next offset to process, per topic and partition',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly outboxBacklog = new Gauge({
    name: 'gongji_outbox_backlog_events',
    help: 'Events written but not yet published',
    registers: [this.registry],
  });
  readonly dlqMessages = new Counter({
    name: 'gongji_dlq_messages_total',
    help: 'Messages sent to a dead-letter topic, by original topic and error code',
    labelNames: ['topic', 'code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
