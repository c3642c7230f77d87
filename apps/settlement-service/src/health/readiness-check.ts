import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InboundConsumer } from '../messaging/inbound-consumer.service';
import { DeadLetterRelay } from '../messaging/dead-letter-relay.service';
import { OutboxRelay } from '../messaging/outbox-relay.service';
import { kafkaSecurityOptions } from '../messaging/kafka-client';
import { DatabaseProbe } from '../store/database-probe';
import { withTimeout } from '../shared/with-timeout';

type State = { status: 'up' | 'down'; detail?: string };

export interface ReadinessReport {
  status: 'up' | 'down';
  dependencies: {
    /** A committed probe write went through. */
    postgres: State;
    kafka: State;
    outbox: State & { backlog?: number };
    /** In the consumer group with partitions, or a standby (more instances than partitions). */
    consumer: State & { group: string; partitions: number };
    /** Not held by a fault of the world for longer than LANE_HELD_UNHEALTHY_S. */
    lane: State & { heldForS?: number };
    /** Reported, not required: a DLQ that cannot be written delays dead letters, not settlement. */
    deadLetters: State & { backlog: number };
  };
}

const CHECK_TIMEOUT_MS = 2000;
/** The report is computed at most this often, however often the open endpoint is asked. */
const CACHE_MS = 1000;

/** What `/health/ready` (and `/health`) answer, computed at most once a second. */
@Injectable()
export class ReadinessCheck implements BeforeApplicationShutdown {
  // A separate client that fails fast, kept connected between checks: the main one retries by design.
  private readonly probeClient: Kafka;
  private admin: Admin | null = null;
  private cached: { at: number; report: Promise<ReadinessReport> } | null = null;

  constructor(
    private readonly database: DatabaseProbe,
    private readonly outbox: OutboxRelay,
    private readonly deadLetters: DeadLetterRelay,
    private readonly consumer: InboundConsumer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.probeClient = new Kafka({
      clientId: `${config.kafkaClientId}-health`,
      brokers: config.kafkaBrokers,
      ...kafkaSecurityOptions(config),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 1500,
      retry: { retries: 0 },
    });
  }

  report(): Promise<ReadinessReport> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= CACHE_MS) this.cached = { at: now, report: this.compute() };
    return this.cached.report;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async compute(): Promise<ReadinessReport> {
    const [postgres, kafka] = await Promise.all([this.checkPostgres(), this.checkKafka()]);
    const dependencies: ReadinessReport['dependencies'] = {
      postgres,
      kafka,
      outbox: await this.checkOutbox(postgres),
      consumer: this.checkConsumer(),
      lane: this.checkLane(),
      deadLetters: this.checkDeadLetters(),
    };
    const required = [
      dependencies.postgres,
      dependencies.kafka,
      dependencies.outbox,
      dependencies.consumer,
      dependencies.lane,
    ];
    return { status: required.every((d) => d.status === 'up') ? 'up' : 'down', dependencies };
  }

  private async checkPostgres(): Promise<State> {
    const probe = await this.database.writable();
    return probe.ok ? { status: 'up' } : { status: 'down', detail: `not writable: ${probe.detail}` };
  }

  private async checkKafka(): Promise<State> {
    try {
      await withTimeout(
        (async () => {
          if (!this.admin) {
            const admin = this.probeClient.admin();
            await admin.connect();
            this.admin = admin;
          }
          await this.admin.describeCluster();
        })(),
        CHECK_TIMEOUT_MS,
      );
      return { status: 'up' };
    } catch (err) {
      const admin = this.admin;
      this.admin = null;
      void admin?.disconnect().catch(() => undefined);
      return { status: 'down', detail: (err as Error).message };
    }
  }

  private async checkOutbox(postgres: State): Promise<ReadinessReport['dependencies']['outbox']> {
    if (postgres.status !== 'up') return { status: 'down', detail: 'database unavailable' };
    const backlog = await this.outbox.refreshBacklog().catch(() => -1);
    if (backlog < 0) return { status: 'down', detail: 'backlog unknown' };
    if (!this.outbox.isBacklogHealthy()) return { status: 'down', backlog, detail: 'outbox backlog above threshold' };
    return { status: 'up', backlog };
  }

  private checkConsumer(): ReadinessReport['dependencies']['consumer'] {
    const g = this.consumer.groupView();
    const base = { group: g.status, partitions: g.partitions };
    if (g.status === 'member' || g.status === 'standby') return { status: 'up', ...base };
    // A rebalance is a normal moment of a healthy group, as long as it ends in time.
    if (
      g.status === 'rebalancing' &&
      g.sinceMs !== null &&
      Date.now() - g.sinceMs < this.config.kafkaRebalanceTimeoutMs
    )
      return { status: 'up', ...base, detail: 'rebalancing' };
    return { status: 'down', ...base, detail: 'not a member of the consumer group' };
  }

  private checkLane(): ReadinessReport['dependencies']['lane'] {
    const since = this.consumer.laneHeldSinceMs();
    if (since === null) return { status: 'up' };
    const heldForS = Math.round((Date.now() - since) / 1000);
    return heldForS >= this.config.laneHeldUnhealthyS
      ? { status: 'down', heldForS, detail: 'settlement held by a fault of the world' }
      : { status: 'up', heldForS };
  }

  private checkDeadLetters(): ReadinessReport['dependencies']['deadLetters'] {
    const state = this.deadLetters.relayState();
    const backlog = this.deadLetters.backlog();
    return state.failingSince === null
      ? { status: 'up', backlog }
      : { status: 'down', backlog, detail: `publishing fails: ${state.lastError ?? 'unknown'}` };
  }
}
