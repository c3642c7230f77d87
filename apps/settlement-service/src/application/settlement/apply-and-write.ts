import type { InsertedOutboxRow, SettlementTransaction } from '../ports/settlement-store';
import type { OutboxEvent } from '../events/outbox-event';
import type { CommandResult, SettlementCommand } from './settlement-command';
import type { SettlementContext } from './settlement-context';

/**
 * A batch at least this long is written in two parts: the first half's write runs in the
 * database while the second half is applied in the service. Below it, one write: a second
 * statement's fixed cost would outweigh the little it overlaps (reasoned, not measured against
 * other values; at 1,000 charges/s batches are about 17 messages).
 */
export const SPLIT_WRITE_AT = 64;

/** What a batch's writes gave: every event it wrote (for the metrics) and the outbox rows inserted. */
export interface WrittenBatch {
  results: CommandResult[];
  events: OutboxEvent[];
  inserted: InsertedOutboxRow[];
}

/**
 * Applies `commands` in order to the transaction's state (`apply`) and writes what they changed,
 * in one part or, for a long batch, two: in the same transaction, so the result is the same, only
 * sooner. A part's write takes what it writes from the state when it is called (and the state
 * forgets it), so the next part's changes are the next write's. Whatever fails, every write has
 * ended before this settles; a write's failure is thrown before a command's (a fault of the world
 * must not pass for a fault of the message).
 */
export async function applyAndWrite(
  tx: SettlementTransaction,
  ctx: SettlementContext,
  commands: readonly SettlementCommand[],
  consumerGroup: string,
  apply: (ctx: SettlementContext, cmd: SettlementCommand) => CommandResult,
): Promise<WrittenBatch> {
  const state = ctx.state;
  const events: OutboxEvent[] = [];
  const inserted: InsertedOutboxRow[] = [];
  const parts: Promise<void>[] = [];
  const write = (): void => {
    events.push(...state.events, ...state.conflictEvents);
    const part = tx.flush(state, consumerGroup).then((rows) => void inserted.push(...rows));
    part.catch(() => undefined); // observed now; its outcome is read once every part has ended
    parts.push(part);
    state.forgetWritten();
  };

  const splitAfter = commands.length >= SPLIT_WRITE_AT ? Math.ceil(commands.length / 2) : commands.length;
  const results: CommandResult[] = [];
  let fault: { error: unknown } | null = null;
  try {
    commands.forEach((cmd, i) => {
      const source = 'source' in cmd ? cmd.source : undefined;
      results.push(apply(ctx, cmd));
      if (source) state.recordOffset(source.topic, source.partition, source.offset);
      if (i + 1 === splitAfter && i + 1 < commands.length) write();
    });
    write();
  } catch (error) {
    fault = { error };
  }
  const ended = await Promise.allSettled(parts);
  const failedWrite = ended.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failedWrite) throw failedWrite.reason;
  if (fault) throw fault.error;
  return { results, events, inserted };
}
