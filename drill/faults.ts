/**
 * The faults of the drill: each injects itself, heals, and records when (ms since the epoch) and
 * from which moment settlement must have resumed within the limit.
 */
import { FAULT_TITLES, type DrillOptions, type FaultName } from './drill-options';
import type { PrivateKafka, PrivatePostgres } from './private-infra';
import type { ServiceFleet } from './service-fleet';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sleepUntil = (t: number) => sleep(Math.max(0, t - Date.now()));

export interface FaultContext {
  readonly fleet: ServiceFleet;
  readonly kafka: PrivateKafka;
  readonly pg: PrivatePostgres;
  readonly opts: DrillOptions;
  readonly log: (line: string) => void;
}

export type FaultKind = FaultName | 'all-together';

export interface FaultRun {
  readonly name: FaultKind;
  readonly round: number;
  readonly title: string;
  injectedAt: number;
  healedAt: number;
  /** Settlement must answer on every partition again within the limit after this moment. */
  resumeFrom: number;
  resumeFromWhat: string;
  readonly steps: { at: number; what: string }[];
  readonly notes: string[];
  /** Whether the fault took effect, where the drill can tell (the DLQ probe write). */
  effective?: { ok: boolean; detail: string };
}

/** How long the rolling restart waits for an instance to be ready before it moves on. */
const READY_TIMEOUT_MS = 120_000;

export async function runFault(name: FaultKind, round: number, ctx: FaultContext): Promise<FaultRun> {
  const rec: FaultRun = {
    name,
    round,
    title: FAULT_TITLES[name],
    injectedAt: Date.now(),
    healedAt: Date.now(),
    resumeFrom: Date.now(),
    resumeFromWhat: '',
    steps: [],
    notes: [],
  };
  const step = (what: string, at = Date.now()) => {
    rec.steps.push({ at, what });
    ctx.log(`  ${name}: ${what}`);
    return at;
  };
  switch (name) {
    case 'kill': {
      const r = await killAndRestart(ctx, step, rec);
      rec.injectedAt = r.killedAt;
      rec.healedAt = r.restartedAt;
      if (ctx.fleet.size > 1) {
        rec.resumeFrom = r.killedAt;
        rec.resumeFromWhat = 'the kill (the surviving instances take over)';
      } else {
        rec.resumeFrom = r.restartedAt;
        rec.resumeFromWhat = 'the killed instance started again';
      }
      break;
    }
    case 'rolling-restart': {
      const r = await rollingRestart(ctx, step, rec);
      rec.injectedAt = r.firstSigtermAt;
      rec.healedAt = r.lastReadyAt;
      rec.resumeFrom = r.lastReadyAt;
      rec.resumeFromWhat = 'the last instance ready again';
      break;
    }
    case 'broker': {
      const r = await brokerOutage(ctx, step, rec);
      rec.injectedAt = r.stoppingAt;
      rec.healedAt = r.backAt;
      rec.resumeFrom = r.backAt;
      rec.resumeFromWhat = 'the broker back';
      break;
    }
    case 'pg-restart': {
      rec.injectedAt = step('pg_ctl restart -m fast');
      await ctx.pg.restart();
      rec.healedAt = rec.resumeFrom = step('PostgreSQL accepting connections again');
      rec.resumeFromWhat = 'the database back';
      break;
    }
    case 'pg-read-only': {
      await ctx.pg.setReadOnly(true);
      rec.injectedAt = step('default_transaction_read_only = on, configuration reloaded');
      await sleepUntil(rec.injectedAt + ctx.opts.readOnlyS * 1000);
      await ctx.pg.setReadOnly(false);
      rec.healedAt = rec.resumeFrom = step('default_transaction_read_only reset, configuration reloaded');
      rec.resumeFromWhat = 'the database writable again';
      break;
    }
    case 'dlq': {
      rec.injectedAt = await dlqUnwritable(ctx, step, rec);
      await sleepUntil(rec.injectedAt + ctx.opts.dlqDownS * 1000);
      rec.healedAt = rec.resumeFrom = await dlqWritable(ctx, step);
      rec.resumeFromWhat = 'the DLQ writable again';
      break;
    }
    case 'all-together': {
      await allTogether(ctx, step, rec);
      rec.resumeFromWhat = 'the last fault healed';
      break;
    }
  }
  return rec;
}

type Step = (what: string, at?: number) => number;

/**
 * The DLQ topics' second replica stopped (its controlled shutdown takes it out of their ISR) and
 * min.insync.replicas=2 asked: acks=-1 writes fail with NOT_ENOUGH_REPLICAS. A probe write tells
 * whether it took effect (recorded as a check of the fault). Resolves when injected.
 */
async function dlqUnwritable(ctx: FaultContext, step: Step, rec: FaultRun, label = ''): Promise<number> {
  await ctx.kafka.stopReplica();
  step(`${label}the *.dlq topics' second replica (broker node 2) stopped`);
  await ctx.kafka.setDlqMinInsyncReplicas(2);
  const at = step(`${label}min.insync.replicas=2 on the *.dlq topics`);
  const probe = await ctx.kafka.probeDlqWrite();
  step(`${label}probe write to pos.charges.v1.dlq (acks=-1): ${probe}`);
  rec.effective = {
    ok: probe.startsWith('refused'),
    detail: `a probe write to pos.charges.v1.dlq was ${probe}`,
  };
  return at;
}

/** min.insync.replicas=1 again (writable at once), then the second replica started again. */
async function dlqWritable(ctx: FaultContext, step: Step, label = ''): Promise<number> {
  await ctx.kafka.setDlqMinInsyncReplicas(1);
  const at = step(`${label}min.insync.replicas=1 again: the *.dlq topics writable`);
  await ctx.kafka.startReplica();
  step(`${label}the second replica (broker node 2) started again`);
  return at;
}

/**
 * What an operator does when settlement did not come back by itself: restart the instances, one
 * after the other (SIGTERM, started again, ready). Recorded in the fault's steps and notes, so the
 * next fault starts from a working service and is measured alone. Resolves when the last is ready.
 */
export async function restartForRecovery(ctx: FaultContext, rec: FaultRun): Promise<number> {
  const step: Step = (what, at = Date.now()) => {
    rec.steps.push({ at, what });
    ctx.log(`  ${rec.name}: ${what}`);
    return at;
  };
  const r = await rollingRestart(ctx, step, rec, 'drill recovery: ');
  return r.lastReadyAt;
}

async function killAndRestart(
  ctx: FaultContext,
  step: Step,
  rec: FaultRun,
  label = '',
): Promise<{ killedAt: number; restartedAt: number }> {
  const slot = ctx.fleet.size - 1;
  const killedAt = await ctx.fleet.withSlot(slot, () => ctx.fleet.kill9(slot));
  step(`${label}kill -9 of instance ${slot}`, killedAt);
  await sleepUntil(killedAt + ctx.opts.killRestartDelayS * 1000);
  const restartedAt = await ctx.fleet.withSlot(slot, async () => ctx.fleet.spawn(slot));
  step(`${label}instance ${slot} started again`, restartedAt);
  void ctx.fleet.waitReady(slot, READY_TIMEOUT_MS).then((ok) => {
    if (ok) step(`${label}instance ${slot} ready`);
    else rec.notes.push(`instance ${slot} not ready within ${READY_TIMEOUT_MS / 1000} s of its restart`);
  });
  return { killedAt, restartedAt };
}

async function rollingRestart(
  ctx: FaultContext,
  step: Step,
  rec: FaultRun,
  label = '',
): Promise<{ firstSigtermAt: number; lastReadyAt: number }> {
  let firstSigtermAt = 0;
  let lastReadyAt = 0;
  for (let slot = 0; slot < ctx.fleet.size; slot++) {
    await ctx.fleet.withSlot(slot, async () => {
      const at = step(`${label}SIGTERM to instance ${slot}`);
      if (!firstSigtermAt) firstSigtermAt = at;
      const stopped = await ctx.fleet.terminate(slot);
      step(`${label}instance ${slot} exited (${stopped.status})`, stopped.exitedAt);
      if (stopped.forced) rec.notes.push(`instance ${slot} did not stop within 30 s of SIGTERM (SIGKILL)`);
      ctx.fleet.spawn(slot);
      step(`${label}instance ${slot} started again`);
    });
    const ready = await ctx.fleet.waitReady(slot, READY_TIMEOUT_MS);
    lastReadyAt = ready ? step(`${label}instance ${slot} ready`) : Date.now();
    if (!ready) rec.notes.push(`instance ${slot} not ready within ${READY_TIMEOUT_MS / 1000} s of its restart`);
  }
  return { firstSigtermAt, lastReadyAt };
}

async function brokerOutage(
  ctx: FaultContext,
  step: Step,
  rec: FaultRun,
  label = '',
): Promise<{ stoppingAt: number; backAt: number }> {
  const stoppingAt = step(`${label}SIGTERM to the broker`);
  const { forced } = await ctx.kafka.stop();
  step(`${label}broker stopped${forced ? ' (SIGKILL after 30 s)' : ''}`);
  if (forced) rec.notes.push('the broker did not stop within 30 s of SIGTERM (SIGKILL)');
  await sleepUntil(stoppingAt + ctx.opts.brokerDownS * 1000);
  step(`${label}starting the broker`);
  await ctx.kafka.start();
  const backAt = step(`${label}broker back`);
  return { stoppingAt, backAt };
}

/**
 * Everything at once, overlapping: the DLQ unwritable and the database read-only first, then an
 * instance killed, the broker stopped, the database restarted (still read-only: ALTER SYSTEM
 * outlives a restart), a rolling restart during the broker's absence; healed one by one.
 */
async function allTogether(ctx: FaultContext, step: Step, rec: FaultRun): Promise<void> {
  const t0 = Date.now();
  const at = async (s: number, work: () => Promise<void>) => {
    await sleepUntil(t0 + s * 1000);
    await work();
  };
  let brokerBack: Promise<void> = Promise.resolve();
  let brokerBackResolve: () => void = () => undefined;
  brokerBack = new Promise((r) => (brokerBackResolve = r));
  const heals: number[] = [];
  const tasks = [
    at(0, async () => {
      const on = await dlqUnwritable(ctx, step, rec, 'dlq: ');
      await brokerBack;
      await sleepUntil(on + ctx.opts.dlqDownS * 1000);
      heals.push(await dlqWritable(ctx, step, 'dlq: '));
    }),
    at(0, async () => {
      await ctx.pg.setReadOnly(true);
      step('pg-read-only: default_transaction_read_only = on');
      await sleepUntil(t0 + (ctx.opts.readOnlyS + 2) * 1000);
      await ctx.pg.setReadOnly(false);
      heals.push(step('pg-read-only: reset, writable again'));
    }),
    at(1, async () => {
      const r = await killAndRestart(ctx, step, rec, 'kill: ');
      heals.push(r.restartedAt);
    }),
    at(4, async () => {
      try {
        const r = await brokerOutage(ctx, step, rec, 'broker: ');
        heals.push(r.backAt);
      } finally {
        brokerBackResolve();
      }
    }),
    at(6, async () => {
      step('pg-restart: pg_ctl restart -m fast');
      await ctx.pg.restart();
      heals.push(step('pg-restart: accepting connections again'));
    }),
    at(8, async () => {
      const r = await rollingRestart(ctx, step, rec, 'rolling-restart: ');
      heals.push(r.lastReadyAt);
    }),
  ];
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === 'rejected') rec.notes.push(`a fault step failed: ${String(r.reason)}`);
  rec.injectedAt = t0;
  rec.healedAt = rec.resumeFrom = heals.length ? Math.max(...heals) : Date.now();
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
