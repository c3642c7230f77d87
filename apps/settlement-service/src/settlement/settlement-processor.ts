import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Metrics } from '../observability/metrics';
import { transactionBegunWithFirstStatement } from '../persistence/begin-with-first-statement';
import { CommittedOutboxRow, OutboxRelay } from '../outbox/outbox-relay.service';
import { applyAuthorization } from './apply-authorization';
import { applyCharge } from './apply-charge';
import { applyReversal } from './apply-reversal';
import { flushSettlementState } from './flush-settlement-state';
import { CommandResult, SettlementCommand } from './inbound-command';
import { loadSettlementState } from './load-settlement-state';
import { SettlementContext } from './settlement-context';
import { isRetryableCollision } from './transient-db-error';

const COLLISION_RETRIES = 10;

/**
 * Applies commands in order inside ONE transaction: load and lock what they touch, run the pure
 * engine message by message on in-memory state, write everything back, commit. The BEGIN goes
 * with the first read, so a batch of new charges takes four round trips: two reads, the write and
 * the COMMIT. The caller may acknowledge the messages (commit Kafka offsets) only after this
 * resolves.
 */
@Injectable()
export class SettlementProcessor {
  private readonly log = new Logger(SettlementProcessor.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly relay: OutboxRelay,
  ) {}

  async process(commands: readonly SettlementCommand[]): Promise<CommandResult[]> {
    if (commands.length === 0) return [];
    const started = process.hrtime.bigint();
    for (let attempt = 1; ; attempt++) {
      try {
        const { results, eventTypes, committedEvents } = await this.processOnce(commands);
        this.afterCommit(eventTypes, commands.length, started);
        this.relay.publishCommitted(committedEvents);
        return results;
      } catch (err) {
        if (!isRetryableCollision(err) || attempt >= COLLISION_RETRIES) throw err;
        this.log.debug(`batch collided with another transaction (attempt ${attempt}), retrying`);
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  private async processOnce(commands: readonly SettlementCommand[]) {
    const now = new Date();
    const group = this.config.kafkaGroupId;
    return transactionBegunWithFirstStatement(this.db, async (tx) => {
      const state = await loadSettlementState(tx, commands, now);
      const ctx: SettlementContext = {
        state,
        now,
        authorizationTimeoutS: this.config.authorizationTimeoutS,
        chargeMaxAgeS: this.config.chargeMaxAgeS,
      };
      const results = commands.map((cmd): CommandResult => {
        const source = 'source' in cmd ? cmd.source : undefined;
        const result = applyCommand(ctx, cmd);
        if (source) state.recordOffset(source.topic, source.partition, source.offset);
        return result;
      });
      const inserted = await flushSettlementState(tx, state, group);
      const all = [...state.events, ...state.conflictEvents];
      const eventTypes = all.map((e) => ({ type: e.type, payload: e.payload }));
      const byEventId = new Map(all.map((e) => [e.eventId, e]));
      const committedEvents = inserted
        .map((r): CommittedOutboxRow => {
          const e = byEventId.get(r.event_id)!;
          return { id: r.id, topic: e.topic, key: e.key, payload: e.payload };
        })
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      return { results, eventTypes, committedEvents };
    });
  }

  private afterCommit(events: { type: string; payload: string }[], count: number, started: bigint): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.batchSize.observe(count);
    for (let i = 0; i < count; i++) this.metrics.processingSeconds.observe(seconds);
    for (const e of events) {
      const reason = e.type.endsWith('.rejected') ? reasonCodeOf(e.payload) : '';
      this.metrics.outcomes.inc({ type: e.type, reason });
    }
  }
}

function applyCommand(ctx: SettlementContext, cmd: SettlementCommand): CommandResult {
  switch (cmd.kind) {
    case 'charge':
    case 'invalid-charge':
      return applyCharge(ctx, cmd);
    case 'reversal':
    case 'invalid-reversal':
      return applyReversal(ctx, cmd);
    case 'decision':
    case 'expire':
      return applyAuthorization(ctx, cmd);
  }
}

function reasonCodeOf(payload: string): string {
  const m = /"reason":\{"code":"([A-Z_]+)"/.exec(payload);
  return m ? m[1] : '';
}
