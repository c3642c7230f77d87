import type { InsertedOutboxRow, SettlementTransaction } from '../ports/settlement-store';
import type { OutboxEvent } from '../events/outbox-event';
import { applyAndWrite, SPLIT_WRITE_AT } from './apply-and-write';
import type { CommandResult, SettlementCommand } from './settlement-command';
import type { SettlementContext } from './settlement-context';
import type { ChargeRecord } from './settlement-records';
import { SettlementState } from './settlement-state';

/** What one flush took from the state when it was called. */
interface Taken {
  appliedBefore: number;
  newCharges: string[];
  changedCharges: string[];
  events: string[];
  offsets: bigint[];
}

/**
 * A transaction whose flushes record what they took and end when the test says (in call order,
 * as one connection runs them); `fail` makes the given flush (0-based) reject.
 */
function fakeTransaction(applied: () => number, fail?: { flush: number; error: Error }) {
  const taken: Taken[] = [];
  const ends: (() => void)[] = [];
  const tx: SettlementTransaction = {
    load: () => Promise.reject(new Error('not used')),
    keepDeadLetters: () => Promise.resolve(),
    flush: (s) => {
      const n = taken.length;
      taken.push({
        appliedBefore: applied(),
        newCharges: [...s.newCharges],
        changedCharges: [...s.changedCharges],
        events: [...s.events, ...s.conflictEvents].map((e) => e.eventId),
        offsets: [...s.offsets.values()].map((o) => o.nextOffset),
      });
      return new Promise<InsertedOutboxRow[]>((resolve, reject) =>
        ends.push(() =>
          fail?.flush === n ? reject(fail.error) : resolve([{ id: String(n + 1), event_id: `written-${n}` }]),
        ),
      );
    },
  };
  let ended = 0;
  /** Ends the flushes called so far, one per turn of the event loop. */
  const endAll = async (): Promise<void> => {
    for (let i = 0; i < 100 && (ends.length > 0 || taken.length === 0); i++) {
      const end = ends.shift();
      if (end) {
        end();
        ended++;
      }
      await new Promise((r) => setImmediate(r));
    }
  };
  return { tx, taken, endAll, ended: () => ended };
}

function charge(id: string): ChargeRecord {
  return { chargeId: id, status: 'REJECTED' } as ChargeRecord;
}

function event(id: string): OutboxEvent {
  return { eventId: id, topic: 't', key: 'k', type: 'charge.rejected', payload: '{}', dataJson: '{}' };
}

/** n commands from one partition, offsets 0 to n - 1 (what each does is the test's `apply`). */
function commands(n: number): SettlementCommand[] {
  return Array.from(
    { length: n },
    (_, i) =>
      ({
        kind: 'expire',
        authorizationId: `c${i}`,
        source: { topic: 't', partition: 0, offset: String(i) },
      }) as SettlementCommand,
  );
}

/** Command i puts a new charge c<i> and its event; the last one also changes c0. */
function applying(n: number) {
  let applied = 0;
  const apply = (ctx: SettlementContext, cmd: SettlementCommand): CommandResult => {
    const id = (cmd as { authorizationId: string }).authorizationId;
    ctx.state.putNewCharge(charge(id));
    ctx.state.events.push(event(`e-${id}`));
    if (applied === n - 1) ctx.state.markChargeChanged('c0');
    applied++;
    return { kind: 'applied', eventTypes: [] };
  };
  return { apply, applied: () => applied };
}

/** As `applying`, but the last command throws (a fault in the code, not the database's). */
function throwingAtLast(n: number) {
  const { apply: applyOk, applied } = applying(n);
  const apply = (ctx: SettlementContext, cmd: SettlementCommand): CommandResult => {
    if (applied() === n - 1) throw new Error('invariant broken');
    return applyOk(ctx, cmd);
  };
  return { apply, applied };
}

function context(): SettlementContext {
  return { state: new SettlementState() } as SettlementContext;
}

describe('applyAndWrite', () => {
  it('writes a short batch once, after every command was applied', async () => {
    const n = SPLIT_WRITE_AT - 1;
    const { apply, applied } = applying(n);
    const { tx, taken, endAll } = fakeTransaction(applied);
    const done = applyAndWrite(tx, context(), commands(n), 'g', apply);
    await endAll();
    const out = await done;
    expect(taken).toHaveLength(1);
    expect(taken[0].appliedBefore).toBe(n);
    expect(taken[0].newCharges).toHaveLength(n);
    expect(out.results).toHaveLength(n);
    expect(out.events).toHaveLength(n);
  });

  it('writes a long batch in two parts: the first half before the rest is applied, each change once', async () => {
    const n = SPLIT_WRITE_AT + 5;
    const half = Math.ceil(n / 2);
    const { apply, applied } = applying(n);
    const { tx, taken, endAll } = fakeTransaction(applied);
    const done = applyAndWrite(tx, context(), commands(n), 'g', apply);
    await endAll();
    const out = await done;

    expect(taken.map((t) => t.appliedBefore)).toEqual([half, n]);
    expect(taken[0].newCharges).toEqual(Array.from({ length: half }, (_, i) => `c${i}`));
    expect(taken[1].newCharges).toEqual(Array.from({ length: n - half }, (_, i) => `c${half + i}`));
    // c0 was inserted by the first part: changed later, it is the second part's update, not a new insert.
    expect(taken[0].changedCharges).toEqual([]);
    expect(taken[1].changedCharges).toEqual(['c0']);
    expect([...taken[0].events, ...taken[1].events]).toEqual(Array.from({ length: n }, (_, i) => `e-c${i}`));
    // Offsets: each part writes those applied so far, the last part the final ones.
    expect(taken[0].offsets).toEqual([BigInt(half)]);
    expect(taken[1].offsets).toEqual([BigInt(n)]);
    expect(out.events.map((e) => e.eventId)).toEqual(Array.from({ length: n }, (_, i) => `e-c${i}`));
    expect(out.inserted.map((r) => r.id)).toEqual(['1', '2']);
  });

  it('a first part that fails is thrown once the second has ended, and no rejection goes unobserved', async () => {
    const n = SPLIT_WRITE_AT * 2;
    const { apply, applied } = applying(n);
    const { tx, taken, endAll, ended } = fakeTransaction(applied, { flush: 0, error: new Error('unique violation') });
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const settled = applyAndWrite(tx, context(), commands(n), 'g', apply).then(
        () => ({ error: null, endedThen: ended() }),
        (error: Error) => ({ error: error.message, endedThen: ended() }),
      );
      await endAll();
      expect(await settled).toEqual({ error: 'unique violation', endedThen: 2 });
      expect(taken).toHaveLength(2);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('a command that throws while a part is being written: the write ends first, then the fault is thrown', async () => {
    const n = SPLIT_WRITE_AT * 2;
    const { apply, applied } = throwingAtLast(n);
    let firstEnded = false;
    const { tx, taken, endAll } = fakeTransaction(applied);
    const flush = tx.flush.bind(tx);
    tx.flush = (s, g) => flush(s, g).then((rows) => ((firstEnded = true), rows));
    const done = applyAndWrite(tx, context(), commands(n), 'g', apply).catch((err: Error) => ({ err, firstEnded }));
    await endAll();
    const outcome = await done;
    expect(taken).toHaveLength(1);
    expect(outcome).toEqual({ err: new Error('invariant broken'), firstEnded: true });
  });

  it('a write that failed wins over a command that threw meanwhile: the world’s fault is not the message’s', async () => {
    const n = SPLIT_WRITE_AT * 2;
    const { apply, applied } = throwingAtLast(n);
    const { tx, endAll } = fakeTransaction(applied, { flush: 0, error: new Error('connection terminated') });
    const settled = applyAndWrite(tx, context(), commands(n), 'g', apply).catch((err: Error) => err.message);
    await endAll();
    expect(await settled).toBe('connection terminated');
  });
});
