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
    help: 'Messages published to a dead-letter topic, by original topic and error code',
    labelNames: ['topic', 'code'] as const,
    registers: [this.registry],
  });
  readonly deadLetterBacklog = new Gauge({
    name: 'gongji_dead_letter_backlog',
    help: 'Dead letters kept but not yet published to their DLQ topic',
    registers: [this.registry],
  });
  readonly relayRefused = new Counter({
    name: 'gongji_relay_refused_records_total',
    help: 'Records the broker refused for themselves (too large), set aside for an operator, by relay',
    labelNames: ['relay'] as const,
    registers: [this.registry],
  });
  readonly faults = new Counter({
    name: 'gongji_faults_total',
    help: 'Faults by class: world (the lane held) or message (one message quarantined with a final answer)',
    labelNames: ['class'] as const,
    registers: [this.registry],
  });
  /** Since when the lane is held (ms since the epoch), or null; read at each scrape. */
  laneHeldSince: () => number | null = () => null;
  readonly laneHeldSeconds = new Gauge({
    name: 'gongji_lane_held_seconds',
    help: 'How long a fault of the world has been holding the settlement lane (0 while it flows)',
    registers: [this.registry],
    collect: () => {
      const since = this.laneHeldSince();
      this.laneHeldSeconds.set(since === null ? 0 : (Date.now() - since) / 1000);
    },
  });
  readonly laneHeldSecondsTotal = new Counter({
    name: 'gongji_lane_held_seconds_total',
    help: 'Seconds the settlement lane was held by faults of the world, summed over every hold that ended',
    registers: [this.registry],
  });
  readonly groupMember = new Gauge({
    name: 'gongji_consumer_group_member',
    help: '1 while this instance is a member of its consumer group (with partitions or as a standby), else 0',
    registers: [this.registry],
  });
  readonly assignedPartitions = new Gauge({
    name: 'gongji_consumer_assigned_partitions',
    help: 'Inbound partitions this instance holds',
    registers: [this.registry],
  });
  readonly rebalances = new Counter({
    name: 'gongji_consumer_rebalances_total',
    help: 'Consumer group rebalances this instance went through',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
