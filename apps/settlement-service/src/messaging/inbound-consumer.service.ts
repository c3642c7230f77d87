import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Metrics } from '../observability/metrics';
import { DatabaseProbe } from '../store/database-probe';
import type { DeadLetter } from '../application/ports/dead-letter';
import { MessageSource, SettlementCommand } from '../application/settlement/settlement-command';
import {
  DecodeLimits,
  DecodedMessage,
  decodeCharge,
  decodeContribution,
  decodeDecision,
  decodeReversal,
} from '../inbound/decode-inbound-message';
import { describeFault } from '../shared/fault-class';
import { SettlementProcessor } from '../application/settlement/settlement-processor';
import { ConsumerGroupState, GroupView } from './consumer-group-state';
import { KafkaClient } from './kafka-client';
import { LaneEntry, SettlementLane } from './settlement-lane';
import { leaveGroupAs } from './orphaned-member';
import { OrphanEviction } from './orphan-eviction';
import { INBOUND_TOPICS, TOPICS } from '../shared/topics';

/**
 * Consumes the three inbound topics with kafkajs directly (Nest's built-in Kafka server commits
 * per message and has no batch mode) and feeds every partition into one SettlementLane, which
 * settles in database transactions and commits the Kafka offsets only after the database commit.
 * Poison is kept as a dead letter in the same transaction (published to `<topic>.dlq` by the
 * DeadLetterRelay); a fault of the world holds the lane (and with it, fetching) until it heals.
 */
@Injectable()
export class InboundConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(InboundConsumer.name);
  private consumer: Consumer | null = null;
  private stopping = false;
  private started: Promise<void> = Promise.resolve();
  private readonly lane: SettlementLane;
  private readonly group = new ConsumerGroupState();
  private readonly limits: DecodeLimits;
  /** The group member id of the current consumer, once it joined. */
  private memberId: string | null = null;
  private readonly orphans: OrphanEviction;

  constructor(
    private readonly kafka: KafkaClient,
    processor: SettlementProcessor,
    probe: DatabaseProbe,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.limits = { maxBytes: config.inboundMaxBytes };
    this.orphans = new OrphanEviction(
      (memberId) => leaveGroupAs(kafka.kafka, config.kafkaGroupId, memberId),
      this.log,
      {
        maxMs: ORPHAN_EVICTION_MAX_MS,
        maxBackoffMs: config.kafkaMaxRetryMs,
      },
    );
    let heldAt = 0;
    this.lane = new SettlementLane(
      {
        settle: (entries) => {
          const commands: SettlementCommand[] = [];
          const deadLetters: DeadLetter[] = [];
          for (const e of entries) {
            if ('command' in e.work) commands.push(e.work.command);
            else deadLetters.push(deadLetterOf(e, e.work.poison.code, e.work.poison.message));
          }
          return processor.process(commands, { deadLetters });
        },
        quarantine: (e, fault) =>
          'command' in e.work
            ? processor.quarantine(e.work.command, deadLetterOf(e, 'PROCESSING_FAULT', describeFault(fault)))
            : processor.quarantine(null, deadLetterOf(e, e.work.poison.code, e.work.poison.message)),
        probeWritable: async () => (await probe.writable()).ok,
        onHeld: (fault) => {
          if (fault !== null) {
            heldAt = Date.now();
            metrics.faults.inc({ class: 'world' });
          } else {
            metrics.laneHeldSecondsTotal.inc((Date.now() - heldAt) / 1000);
          }
        },
        onMessageFault: () => metrics.faults.inc({ class: 'message' }),
        commitOffsets: async (offsets) => {
          if (!this.consumer) throw new Error('no consumer to commit offsets with');
          await this.consumer.commitOffsets(offsets);
        },
        onCommitted: (offsets, lagOf) => {
          for (const tp of offsets)
            metrics.consumerLag.set({ topic: tp.topic, partition: String(tp.partition) }, Number(lagOf(tp)));
        },
      },
      {
        maxBatch: config.settlementBatchSize,
        minCommitIntervalMs: config.kafkaOffsetCommitIntervalMs,
        maxBackoffMs: config.settlementMaxBackoffMs,
        keepAliveMs: config.kafkaHeartbeatIntervalMs,
      },
    );
    metrics.laneHeldSince = () => this.lane.heldSinceMs;
  }

  /** The consumer's place in its group. */
  groupView(): GroupView {
    return this.group.view();
  }

  /** Since when a fault of the world holds settlement (ms since the epoch), or null while it flows. */
  laneHeldSinceMs(): number | null {
    return this.lane.heldSinceMs;
  }

  onApplicationBootstrap(): void {
    // In the background: the service answers /health while Kafka is still unreachable.
    this.started = this.startWithRetry();
  }

  /** Stops taking messages, settles (and commits) what is queued, then leaves the group. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // No more fetching meanwhile (a batch not taken would only be fetched again and again).
    try {
      this.consumer?.pause(INBOUND_TOPICS.map((topic) => ({ topic })));
    } catch (err) {
      this.log.warn(`consumer pause: ${(err as Error).message}`);
    }
    await this.lane.drain();
    await this.orphans.stop();
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
        await sleep(Math.min(this.config.kafkaMaxRetryMs, 250 * attempt));
      }
    }
  }

  private async start(): Promise<void> {
    const consumer = this.kafka.kafka.consumer({
      groupId: this.config.kafkaGroupId,
      sessionTimeout: this.config.kafkaSessionTimeoutMs,
      heartbeatInterval: this.config.kafkaHeartbeatIntervalMs,
      rebalanceTimeout: this.config.kafkaRebalanceTimeoutMs,
      minBytes: this.config.kafkaFetchMinBytes,
      maxWaitTimeInMs: this.config.kafkaFetchMaxWaitMs,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: this.config.kafkaMaxRetryMs },
    });
    this.consumer = consumer;
    this.followGroup(consumer);
    // kafkajs restarts itself after retriable crashes only; after any other crash (e.g. during a
    // broker restart) consumption would stop for good, so start a fresh consumer instead.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopping || this.consumer !== consumer) return;
      // Whether kafkajs restarts it or a new one starts, the next member has a new id.
      const orphan = this.memberId;
      this.memberId = null;
      if (orphan) this.orphans.evict(orphan);
      if (payload.restart) return;
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
      // Every partition's batch of a fetch is queued at once: a batch kafkajs holds back for want
      // of a worker would wait for a transaction to end, and the next fetch with it.
      partitionsConsumedConcurrently: this.config.kafkaPartitionsPerFetch,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Membership for /health/ready and metrics; the lane keeps only what this instance still holds. */
  private followGroup(consumer: Consumer): void {
    const ours = (): boolean => this.consumer === consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (!ours()) return;
      this.memberId = payload.memberId;
      this.group.joined(payload.memberAssignment);
      this.lane.setAssignment(
        Object.entries(payload.memberAssignment).flatMap(([topic, ps]) =>
          ps.map((partition) => ({ topic, partition })),
        ),
      );
      this.metrics.groupMember.set(1);
      this.metrics.assignedPartitions.set(this.group.view().partitions);
      this.log.log(`joined group ${payload.groupId}: ${this.group.view().partitions} inbound partitions`);
    });
    consumer.on(consumer.events.REBALANCING, () => {
      if (!ours()) return;
      this.group.rebalancing();
      this.metrics.rebalances.inc();
    });
    const leave = (): void => {
      if (!ours()) return;
      this.group.left();
      this.metrics.groupMember.set(0);
      this.metrics.assignedPartitions.set(0);
    };
    consumer.on(consumer.events.STOP, leave);
    consumer.on(consumer.events.CRASH, leave);
    consumer.on(consumer.events.DISCONNECT, leave);
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    // Returning without resolving leaves the messages to be fetched again.
    if (!isRunning() || isStale() || this.stopping || batch.messages.length === 0) return;
    const entries = batch.messages.map((m): LaneEntry => ({
      topic: batch.topic,
      partition: batch.partition,
      message: m,
      highWatermark: batch.highWatermark,
      work: work(decode(batch.topic, m.value, this.limits), {
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
      }),
    }));
    // Resolving moves the fetch position only; the offsets are committed by the lane after the
    // database commit.
    resolveOffset(batch.messages[batch.messages.length - 1].offset);
    await this.lane.enqueue(entries, heartbeat);
  }
}

function work(decoded: DecodedMessage, source: MessageSource): LaneEntry['work'] {
  if (decoded.kind === 'poison') {
    return { poison: { code: decoded.code, message: decoded.message } };
  }
  return { command: toCommand(decoded, source) };
}

function toCommand(decoded: Exclude<DecodedMessage, { kind: 'poison' }>, source: MessageSource): SettlementCommand {
  if (decoded.kind === 'decision') {
    const d = decoded.decision;
    return { kind: 'decision', authorizationId: d.authorizationId, holderId: d.holderId, decision: d.decision, source };
  }
  return { ...decoded, source };
}

/** A decoder that throws (a fault, not bad input) sends that one message to the DLQ, not the batch back. */
function decode(topic: string, value: Buffer | null, limits: DecodeLimits): DecodedMessage {
  try {
    return decodeByTopic(topic, value, limits);
  } catch (err) {
    return { kind: 'poison', code: 'PROCESSING_FAULT', message: `decoding failed: ${(err as Error).message}` };
  }
}

function decodeByTopic(topic: string, value: Buffer | null, limits: DecodeLimits): DecodedMessage {
  switch (topic) {
    case TOPICS.charges:
      return decodeCharge(value, limits);
    case TOPICS.reversals:
      return decodeReversal(value, limits);
    case TOPICS.authorizationDecisions:
      return decodeDecision(value, limits);
    case TOPICS.contributionRequests:
      return decodeContribution(value, limits);
    default:
      return { kind: 'poison', code: 'UNKNOWN_TOPIC', message: `not an inbound topic: ${topic}` };
  }
}

/** A dead letter of a fetched message: its bytes and headers as received (the contract's DLQ), and why. */
function deadLetterOf(e: LaneEntry, code: string, message: string): DeadLetter {
  return {
    topic: e.topic,
    partition: e.partition,
    offset: e.message.offset,
    key: e.message.key,
    value: e.message.value,
    headers: headersOf(e.message),
    code,
    message,
  };
}

function headersOf(m: KafkaMessage): Record<string, Buffer[]> {
  const out: Record<string, Buffer[]> = {};
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    if (value === undefined) continue;
    out[name] = (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)));
  }
  return out;
}

/** After this, a crashed consumer's session has long expired on any broker that came back. */
const ORPHAN_EVICTION_MAX_MS = 5 * 60_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
