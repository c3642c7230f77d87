import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Metrics } from '../../observability/metrics';
import { CommitNotifier, CommittedOutboxRow } from '../ports/commit-notifier';
import type { DeadLetter } from '../ports/dead-letter';
import { SettlementStore } from '../ports/settlement-store';
import { PolicyBooks } from '../region-policies/policy-books.service';
import { applyAndWrite } from './apply-and-write';
import { applyAuthorization } from './apply-authorization';
import { applyCharge } from './apply-charge';
import { applyContribution, applyContributionRefund } from './apply-contribution';
import { applyReversal } from './apply-reversal';
import { CommandResult, SettlementCommand } from './settlement-command';
import { SettlementContext } from './settlement-context';
import { isRetryableCollision, isWorldFault } from '../../shared/fault-class';
import { isIdentifier } from '../../inbound/contract-formats';

const COLLISION_RETRIES = 10;

/**
 * Applies commands in order inside ONE transaction: load and lock what they touch, run the pure
 * engine message by message on in-memory state, write everything back, commit. A batch of new
 * charges takes four round trips: BEGIN, one read, the write and the COMMIT (a long batch's write
 * goes in two parts, the first running while the rest is applied: apply-and-write.ts). The caller
 * may acknowledge the messages (commit Kafka offsets) only after this resolves.
 */
@Injectable()
export class SettlementProcessor {
  private readonly log = new Logger(SettlementProcessor.name);

  constructor(
    private readonly store: SettlementStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly notifier: CommitNotifier,
    private readonly policyBooks: PolicyBooks,
  ) {}

  /**
   * Settles `commands` in one transaction; `deadLetters` (messages that cannot be read, which
   * came in the same batch) are kept in the same transaction, for the DLQ relay.
   */
  async process(
    commands: readonly SettlementCommand[],
    options: { deadLetters?: readonly DeadLetter[] } = {},
  ): Promise<CommandResult[]> {
    const deadLetters = options.deadLetters ?? [];
    if (commands.length === 0 && deadLetters.length === 0) return [];
    const started = process.hrtime.bigint();
    for (let attempt = 1; ; attempt++) {
      try {
        const { results, eventTypes, committedEvents } = await this.processOnce(commands, deadLetters);
        this.afterCommit(eventTypes, commands.length, started);
        this.notifier.outboxCommitted(committedEvents);
        if (deadLetters.length) this.notifier.deadLettersWritten();
        return results;
      } catch (err) {
        if (!isRetryableCollision(err) || attempt >= COLLISION_RETRIES) throw err;
        this.log.debug(`batch collided with another transaction (attempt ${attempt}), retrying`);
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  /**
   * A message that failed alone, twice, against a writable database: a charge or reversal gets its
   * one final answer (rejected, PROCESSING_FAULT) unless it has one already, and the message is
   * kept as a dead letter, in one transaction. Should even that answer fail for a reason of its
   * own, the dead letter alone is kept; a fault of the world is thrown, for the lane to hold.
   */
  async quarantine(command: SettlementCommand | null, letter: DeadLetter): Promise<void> {
    const answer = command ? processingFaultAnswer(command) : null;
    try {
      await this.process(answer ? [answer] : [], { deadLetters: [letter] });
    } catch (err) {
      if (!answer || isWorldFault(err)) throw err;
      this.log.error(`the answer to a faulty message could not be written either: ${(err as Error).message}`);
      await this.process([], { deadLetters: [letter] });
    }
  }

  private async processOnce(commands: readonly SettlementCommand[], deadLetters: readonly DeadLetter[]) {
    const now = new Date();
    const group = this.config.kafkaGroupId;
    const policies = await this.policyBooks.book();
    return this.store.inTransaction(async (tx) => {
      const state = await tx.load(commands, now);
      const ctx: SettlementContext = {
        state,
        now,
        authorizationTimeoutS: this.config.authorizationTimeoutS,
        chargeMaxAgeS: this.config.chargeMaxAgeS,
        policies,
      };
      const { results, events, inserted } = await applyAndWrite(tx, ctx, commands, group, applyCommand);
      await tx.keepDeadLetters(deadLetters);
      const eventTypes = events.map((e) => ({ type: e.type, payload: e.payload }));
      const byEventId = new Map(events.map((e) => [e.eventId, e]));
      const committedEvents = inserted
        .map((r): CommittedOutboxRow => {
          const e = byEventId.get(r.event_id)!;
          return {
            id: r.id,
            topic: e.topic,
            key: e.key,
            payload: e.payload,
            merchantId: e.merchantId ?? null,
            terminalId: e.terminalId ?? null,
          };
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
    case 'contribution':
    case 'invalid-contribution':
      return applyContribution(ctx, cmd);
    case 'contribution-refund':
      return applyContributionRefund(ctx, cmd);
  }
}

/** The public answer to a charge or reversal that cannot be processed: no internals in it. */
const PROCESSING_FAULT_MESSAGE =
  'the message could not be processed and was set aside for an operator; nothing was paid or returned';

/** The command that answers a faulty charge, reversal or contribution with PROCESSING_FAULT; null for others. */
function processingFaultAnswer(cmd: SettlementCommand): SettlementCommand | null {
  switch (cmd.kind) {
    case 'charge':
    case 'invalid-charge': {
      const from = cmd.kind === 'charge' ? cmd.charge : cmd.raw;
      return {
        kind: 'invalid-charge',
        code: 'PROCESSING_FAULT',
        chargeId: cmd.chargeId,
        hash: cmd.hash,
        raw: identifiersOnly(from, ['chargeId', 'merchantId', 'terminalId', 'patientId']),
        message: PROCESSING_FAULT_MESSAGE,
        source: cmd.source,
      };
    }
    case 'reversal':
    case 'invalid-reversal': {
      const from = cmd.kind === 'reversal' ? cmd.reversal : cmd.raw;
      return {
        kind: 'invalid-reversal',
        code: 'PROCESSING_FAULT',
        reversalId: cmd.reversalId,
        hash: cmd.hash,
        raw: identifiersOnly(from, ['reversalId', 'chargeId', 'merchantId', 'terminalId', 'patientId']),
        message: PROCESSING_FAULT_MESSAGE,
        source: cmd.source,
      };
    }
    case 'contribution':
    case 'invalid-contribution': {
      const from = cmd.kind === 'contribution' ? cmd.contribution : cmd.raw;
      return {
        kind: 'invalid-contribution',
        code: 'PROCESSING_FAULT',
        contributionId: cmd.contributionId,
        hash: cmd.hash,
        raw: identifiersOnly(from, ['contributionId', 'holderId', 'beneficiaryId']),
        message: PROCESSING_FAULT_MESSAGE,
        source: cmd.source,
      };
    }
    case 'decision':
    case 'expire':
    case 'contribution-refund':
      return null;
  }
}

/** Only the named fields that are well-formed identifiers: nothing of what may have caused the fault. */
function identifiersOnly(from: object, fields: readonly string[]): Record<string, unknown> {
  const raw = from as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => isIdentifier(raw[f])).map((f) => [f, raw[f]]));
}

function reasonCodeOf(payload: string): string {
  const m = /"reason":\{"code":"([A-Z_]+)"/.exec(payload);
  return m ? m[1] : '';
}
