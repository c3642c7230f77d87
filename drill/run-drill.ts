/**
 * The fault drill (issue #16), started by scripts/drill.sh after it prepared the private broker
 * and database: starts them, the service instances and the POS simulator (a child process playing
 * steady traffic with some poison messages), injects each fault alone with recovery time between
 * them and then all together, stops the traffic, lets it drain, and judges: every charge answered
 * exactly once, settlement resumed within 10 s of each fault healing, the outbox empty, every
 * invariant of the simulator holding. Prints a table; writes drill/results/<timestamp>.json,
 * latest.json and latest.svg. Exit status 0 all passed, 1 a check failed, 2 it could not run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseTimeline, type TimelineBucket } from '../apps/pos-simulator/src/outcome-timeline';
import { renderDrillChart } from './drill-chart';
import { ALL_TOGETHER, DRILL_USAGE, DrillUsageError, parseDrillOptions, type DrillOptions } from './drill-options';
import { BacklogSampler } from './backlog-sampler';
import { restartForRecovery, runFault, type FaultContext, type FaultKind, type FaultRun } from './faults';
import { PidRegistry, PrivateKafka, PrivatePostgres } from './private-infra';
import { renderDrillTable, type DrillResults, type FaultResult } from './report';
import { ServiceFleet } from './service-fleet';
import {
  activePartitions,
  answersPerSecond,
  maxLagIn,
  resumption,
  stallsIn,
  steadyGapMs,
  type ResumptionOptions,
} from './timeline-metrics';
import { attributeProblems, faultChecks, oneDecimalS, overallChecks, type Check } from './verdict';
import { traceProblemCharges, type ProblemChargeSeen } from './problem-trace';

const REPO = resolve(__dirname, '..');
const SIMULATOR_MAIN = join(REPO, 'dist/apps/pos-simulator/apps/pos-simulator/src/main.js');
const JWT_SECRET = 'gongji-drill-secret-not-for-production-0123';
const t0 = Date.now();
const log = (line: string) => console.log(`[${String(Math.round((Date.now() - t0) / 1000)).padStart(4)} s] ${line}`);

/** The drill could not run (infrastructure, start-up): exit status 2. */
class CouldNotRun extends Error {}

const abort = new AbortController();
/** Sleeps `ms`, or less when the drill is interrupted. */
const sleep = (ms: number) =>
  new Promise<void>((r) => {
    const done = () => {
      clearTimeout(t);
      abort.signal.removeEventListener('abort', done);
      r();
    };
    const t = setTimeout(done, ms);
    abort.signal.addEventListener('abort', done);
  });
let simulatorGone: string | null = null;
const checkAbort = () => {
  if (simulatorGone) throw new CouldNotRun(simulatorGone);
  if (abort.signal.aborted) throw new CouldNotRun('interrupted');
};

interface Simulator {
  readonly child: ChildProcess;
  readonly trafficStarted: Promise<number>;
  readonly exited: Promise<number | null>;
}

async function main(): Promise<number> {
  let opts: DrillOptions;
  try {
    opts = parseDrillOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof DrillUsageError)) throw err;
    if (err.message) console.error(`drill: ${err.message}\n`);
    console.error(DRILL_USAGE);
    return 2;
  }
  const env = process.env;
  const infraDir = env.DRILL_INFRA_DIR;
  if (!infraDir || !env.DRILL_PG_BIN || !env.DRILL_KAFKA_PORT || !env.DRILL_PG_PORT) {
    console.error('drill: run it as npm run drill (scripts/drill.sh prepares the private infrastructure)');
    return 2;
  }
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (!abort.signal.aborted) log(`${sig}: stopping the drill`);
      abort.abort();
    });
  }

  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const runId = `d${Math.floor(Date.now() / 10).toString(36)}`;
  const runDir = join(REPO, 'drill/results/runs', stamp);
  mkdirSync(runDir, { recursive: true });
  const pids = new PidRegistry(join(infraDir, 'pids'));
  const kafka = new PrivateKafka(infraDir, Number(env.DRILL_KAFKA_PORT), pids);
  const pg = new PrivatePostgres(
    env.DRILL_PG_BIN,
    join(infraDir, 'pg'),
    Number(env.DRILL_PG_PORT),
    join(infraDir, 'pg.log'),
  );
  const serviceEnv: Record<string, string> = {
    DATABASE_URL: pg.url,
    DATABASE_MIGRATION_URL: pg.migrationUrl,
    KAFKA_BROKERS: kafka.brokers.join(','),
    AUTH_JWT_SECRET: JWT_SECRET,
    KAFKA_GROUP_ID: 'gongji-drill',
    LOG_LEVEL: 'info',
    AUTHORIZATION_TIMEOUT_S: '15',
    ...Object.fromEntries(
      Object.entries(env)
        .filter(([k, v]) => k.startsWith('DRILL_SERVICE_ENV_') && v !== undefined)
        .map(([k, v]) => [k.slice('DRILL_SERVICE_ENV_'.length), v as string]),
    ),
  };
  const timelineFile = join(runDir, 'timeline.jsonl');
  const simulatorJson = join(runDir, 'simulator.json');
  let fleet: ServiceFleet | null = null;
  let sampler: BacklogSampler | null = null;
  let simulator: Simulator | null = null;
  let trafficStopping = false;

  log(
    `fault drill ${runId}: ${opts.instances} instance(s), ${opts.rate} charges/s, ${opts.population} persons, ` +
      `faults ${opts.faults.join(', ')} x${opts.repeat}${opts.allTogether ? ', then all together' : ''}; logs in ${runDir}`,
  );
  try {
    // --- start-up ------------------------------------------------------------------------------
    try {
      log(`private Kafka cluster on ${kafka.brokers[0]} (log ${kafka.logFile}), a second node for the DLQ replicas`);
      await kafka.setUp();
      log(`private PostgreSQL on 127.0.0.1:${pg.port}, database gongji_drill`);
      await pg.start();
      await pg.createDatabase();
      const basePort = await freePorts(Number(env.DRILL_HTTP_PORT ?? 3290), opts.instances);
      fleet = new ServiceFleet({
        repo: REPO,
        instances: opts.instances,
        basePort,
        env: serviceEnv,
        logDir: runDir,
        pids,
        log,
      });
      // One after the other: the first migrates the fresh database.
      for (let slot = 0; slot < opts.instances; slot++) await fleet.startReady(slot);
      sampler = new BacklogSampler(pg.url).start();
      simulator = startSimulator(
        opts,
        runId,
        fleet.baseUrl(0),
        kafka.brokers,
        pg.url,
        runDir,
        timelineFile,
        simulatorJson,
        pids,
      );
      await Promise.race([
        simulator.trafficStarted,
        simulator.exited.then((code) => {
          throw new CouldNotRun(
            `the simulator exited (status ${code}) before its traffic started; see ${runDir}/simulator.log`,
          );
        }),
        sleep(300_000).then(() => {
          throw new CouldNotRun('the simulator did not start its traffic within 300 s');
        }),
      ]);
      log(`traffic started; warming up for ${opts.warmupS} s`);
      void simulator.exited.then((code) => {
        if (!trafficStopping) {
          simulatorGone = `the simulator exited (status ${code}) while the traffic was to go on; see ${runDir}/simulator.log`;
          abort.abort();
        }
      });
    } catch (err) {
      if (err instanceof CouldNotRun) throw err;
      throw new CouldNotRun(`start-up failed: ${(err as Error).message}`);
    }
    const trafficStartedAt = await simulator.trafficStarted;
    const follower = new TimelineFollower(timelineFile);
    await sleep(opts.warmupS * 1000);
    checkAbort();
    const warm = activePartitions(follower.read(), trafficStartedAt, Date.now());
    if (warm.length === 0) throw new CouldNotRun(`no outcome arrived during the ${opts.warmupS} s warm-up`);
    log(`answers on ${warm.length} partition(s) of settlement.events.v1 during the warm-up`);
    const steady: ResumptionOptions = { maxGapMs: steadyGapMs(opts.rate, warm.length), sustainMs: 3000 };

    // --- faults --------------------------------------------------------------------------------
    const ctx: FaultContext = { fleet, kafka, pg, opts, log };
    const plan: FaultKind[] = [];
    for (let round = 1; round <= opts.repeat; round++) plan.push(...opts.faults);
    if (opts.allTogether) plan.push(ALL_TOGETHER);
    const rounds = new Map<FaultKind, number>();
    const runs: FaultRun[] = [];
    let previousResumed = true;
    for (const [i, name] of plan.entries()) {
      checkAbort();
      const round = (rounds.get(name) ?? 0) + 1;
      rounds.set(name, round);
      log(`fault ${i + 1}/${plan.length}: ${name}${round > 1 ? ` #${round}` : ''}`);
      let rec: FaultRun;
      try {
        rec = await runFault(name, round, ctx);
      } catch (err) {
        throw new CouldNotRun(`injecting or healing ${name} failed: ${(err as Error).message}`);
      }
      runs.push(rec);
      if (!previousResumed) {
        rec.notes.push('injected while settlement had not resumed on every partition after the previous fault');
      }
      // Recovery: until every partition answers steadily again (at most maxRecoveryS), then quiet
      // time. A service that does not come back by itself is restarted, as an operator would, so
      // that the next fault is measured alone (this one has failed already; the note says so).
      const waitResumed = async (fromMs: number): Promise<number | null> => {
        const deadline = fromMs + opts.maxRecoveryS * 1000;
        while (Date.now() < deadline && !abort.signal.aborted) {
          const r = resumption(follower.read(), fromMs, Date.now(), warm, { ...steady, windowClosed: false });
          if (r.allPartitionsMs !== null) return r.allPartitionsMs;
          await sleep(500);
        }
        return null;
      };
      const resumedAfter = await waitResumed(rec.resumeFrom);
      checkAbort();
      if (resumedAfter !== null) {
        previousResumed = true;
        log(
          `  every partition answering ${oneDecimalS(resumedAfter)} s after ${rec.resumeFromWhat}; ${opts.recoveryS} s of quiet`,
        );
      } else {
        log(
          `  not answering on every partition ${opts.maxRecoveryS} s after ${rec.resumeFromWhat}: restarting the service instances, as an operator would`,
        );
        rec.notes.push(
          `settlement had not resumed ${opts.maxRecoveryS} s after ${rec.resumeFromWhat}: the drill restarted the service (SIGTERM, in turn) to go on`,
        );
        const readyAt = await restartForRecovery(ctx, rec);
        const after = await waitResumed(readyAt);
        checkAbort();
        previousResumed = after !== null;
        log(
          after === null
            ? `  still not answering on every partition ${opts.maxRecoveryS} s after the restart; going on`
            : `  every partition answering ${oneDecimalS(after)} s after the restart; ${opts.recoveryS} s of quiet`,
        );
      }
      await sleep(opts.recoveryS * 1000);
    }
    checkAbort();

    // --- the end of the traffic ----------------------------------------------------------------
    trafficStopping = true;
    const trafficStoppedAt = Date.now();
    log('stopping the traffic (SIGUSR2 to the simulator); it drains and checks');
    simulator.child.kill('SIGUSR2');
    const simTimeoutMs = (opts.drainTimeoutS + 60 + 60 + 120) * 1000;
    const simExit = await Promise.race([simulator.exited, sleep(simTimeoutMs).then(() => 'timeout' as const)]);
    checkAbort();
    if (simExit === 'timeout') throw new CouldNotRun(`the simulator did not finish within ${simTimeoutMs / 1000} s`);
    log(`simulator finished (status ${simExit})`);

    log('waiting for the outbox to empty (at most 60 s)');
    let outboxAtEnd: number | null = null;
    const outboxDeadline = Date.now() + 60_000;
    while (Date.now() < outboxDeadline && !abort.signal.aborted) {
      const s = await sampler.sample();
      if (s?.unsent !== null && s?.unsent !== undefined) outboxAtEnd = s.unsent;
      if (outboxAtEnd === 0) break;
      await sleep(1000);
    }
    const dlqCounts = await kafka.dlqCounts().catch(() => null);
    if (!existsSync(simulatorJson)) {
      throw new CouldNotRun(`the simulator wrote no results (status ${simExit}); see ${runDir}/simulator.log`);
    }

    // --- judging -------------------------------------------------------------------------------
    const sim = JSON.parse(readFileSync(simulatorJson, 'utf8')) as SimulatorResults;
    const buckets = parseTimeline(readFileSync(timelineFile, 'utf8'));
    const problemTraces = await traceProblemCharges(pg.url, sim.problemCharges, trafficStartedAt).catch(
      (err: Error) => [`the problem charges could not be traced: ${err.message}`],
    );
    const windows = attributeProblems(
      sim.problemCharges,
      runs.map((r) => r.injectedAt),
    );
    const faults: FaultResult[] = runs.map((r, i) => {
      const windowEnd = i + 1 < runs.length ? runs[i + 1].injectedAt : trafficStoppedAt;
      const stall = stallsIn(buckets, r.injectedAt, windowEnd, warm);
      const res = resumption(buckets, r.resumeFrom, windowEnd, warm, steady);
      // How much of the wait was the simulator's own consumer (outcomes waiting on the topic).
      const lagTo = res.allPartitionsMs === null ? windowEnd : r.resumeFrom + res.allPartitionsMs + 1000;
      const simulatorLagMs = maxLagIn(buckets, r.resumeFrom, lagTo);
      if (simulatorLagMs !== null && simulatorLagMs > 1000) {
        r.notes.push(
          `outcomes waited up to ${oneDecimalS(simulatorLagMs)} s on settlement.events.v1 before the simulator read them ` +
            "while settlement resumed: that part of the resume time is the simulator consumer's",
        );
      }
      const counts = windows.get(i) ?? { withoutFinal: 0, withSeveralFinals: 0, examples: [] };
      const unexpectedExits = (fleet as ServiceFleet).unexpectedExits.filter(
        (e) => e.at >= r.injectedAt && e.at < windowEnd,
      ).length;
      const checks = faultChecks(
        { effective: r.effective, stall, resumption: res, resumeFromWhat: r.resumeFromWhat, counts, unexpectedExits },
        opts.resumeLimitS,
      );
      return {
        ...r,
        windowEnd,
        stall,
        resumption: res,
        simulatorLagMs,
        counts,
        unexpectedExits,
        checks,
        pass: checks.every((c) => c.ok),
      };
    });
    const simChecks: Check[] = sim.checks;
    const overall = overallChecks({
      charges: sim.summary.charges,
      withoutFinal: sim.summary.withoutFinal,
      withSeveralFinals: sim.summary.withSeveralFinals,
      outboxAtEnd,
      simulatorChecks: simChecks,
      faultsPassed: faults.filter((f) => f.pass).length,
      faults: faults.length,
    });
    const pass = overall.every((c) => c.ok);
    const endMs = Math.max(trafficStoppedAt, ...buckets.map((b) => b.t + 100));
    const results: DrillResults = {
      runId,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      options: opts,
      machine: { cpus: cpus().length, node: process.version },
      service: {
        instances: opts.instances,
        env: { ...serviceEnv, AUTH_JWT_SECRET: '(set)' },
        unexpectedExits: fleet.unexpectedExits,
      },
      resumeCriterion: {
        limitS: opts.resumeLimitS,
        definition:
          'every partition of settlement.events.v1 that answered during the warm-up answers steadily again ' +
          `(gaps at most ${steady.maxGapMs} ms, for ${steady.sustainMs / 1000} s) within the limit of the moment the fault names`,
      },
      trafficStartedAt,
      trafficStoppedAt,
      partitions: warm,
      faults,
      warmUp: windows.get(-1) ?? { withoutFinal: 0, withSeveralFinals: 0, examples: [] },
      problemTraces,
      overall: {
        charges: sim.summary.charges,
        withoutFinal: sim.summary.withoutFinal,
        withSeveralFinals: sim.summary.withSeveralFinals,
        outboxAtEnd,
        dlqCounts,
        checks: overall,
      },
      simulator: {
        exitStatus: simExit,
        checks: simChecks,
        resilience: sim.resilience,
        deadLetters: sim.deadLetters,
        rejectedByReason: sim.summary.rejectedByReason,
        reversalsAnsweredTwice: (sim.problemReversals ?? []).filter((r) => r.answers.length > 1),
        counters: sim.summary.counters,
      },
      series: {
        startMs: trafficStartedAt,
        answersPerS: answersPerSecond(buckets, trafficStartedAt, endMs),
        backlog: sampler.samples
          .filter((s) => s.t >= trafficStartedAt - 5000)
          .map((s) => [Math.round((s.t - trafficStartedAt) / 100) / 10, s.unsent]),
      },
      pass,
    };
    const json = JSON.stringify(results, null, 1) + '\n';
    const svg = renderDrillChart({
      title: `Gongji fault drill, ${opts.instances} instance(s), ${opts.rate} charges/s${opts.short ? ' (short)' : ''} - ${startedAt.toISOString().slice(0, 16)}Z - ${pass ? 'PASSED' : 'FAILED'}`,
      startMs: trafficStartedAt,
      answersPerS: results.series.answersPerS,
      offeredPerS: opts.rate,
      backlog: sampler.samples.map((s) => ({ t: s.t, unsent: s.unsent })),
      faults: faults.map((f) => ({
        label: `${f.name}${f.round > 1 ? ` #${f.round}` : ''}`,
        injectedAt: f.injectedAt,
        healedAt: f.healedAt,
        pass: f.pass,
      })),
    });
    const dir = join(REPO, 'drill/results');
    writeFileSync(join(dir, `${stamp}.json`), json);
    writeFileSync(join(dir, `${stamp}.svg`), svg);
    writeFileSync(join(dir, 'latest.json'), json);
    writeFileSync(join(dir, 'latest.svg'), svg);
    console.log(renderDrillTable(results));
    log(`results: drill/results/${stamp}.json and .svg, latest.json, latest.svg; logs in ${runDir}`);
    return pass ? 0 : 1;
  } catch (err) {
    console.error(`drill: could not run: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof CouldNotRun)) console.error(err);
    return 2;
  } finally {
    log('stopping what the drill started');
    if (simulator && simulator.child.exitCode === null && simulator.child.signalCode === null) {
      simulator.child.kill('SIGTERM');
      await Promise.race([simulator.exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (simulator.child.exitCode === null) simulator.child.kill('SIGKILL');
    }
    await sampler?.stop().catch(() => undefined);
    await fleet?.stopAll().catch((e: Error) => log(`stopping the services: ${e.message}`));
    if (opts.keep) {
      log(`--keep: broker on ${kafka.brokers[0]} and PostgreSQL on 127.0.0.1:${pg.port} (${pg.url}) stay up`);
    } else {
      await kafka.stopAll().catch((e: Error) => log(`stopping the broker: ${e.message}`));
      await pg.stop().catch((e: Error) => log(`stopping PostgreSQL: ${e.message}`));
    }
  }
}

interface SimulatorResults {
  summary: {
    charges: number;
    withoutFinal: number;
    withSeveralFinals: number;
    rejectedByReason: Record<string, number>;
    counters: Record<string, number>;
  };
  checks: Check[];
  resilience: Record<string, number>;
  deadLetters: Record<string, unknown> | null;
  problemCharges: ProblemChargeSeen[];
  problemReversals?: { reversalId: string; chargeId: string; answers: string[] }[];
}

function startSimulator(
  opts: DrillOptions,
  runId: string,
  apiUrl: string,
  brokers: string[],
  databaseUrl: string,
  runDir: string,
  timelineFile: string,
  jsonFile: string,
  pids: PidRegistry,
): Simulator {
  if (!existsSync(SIMULATOR_MAIN)) throw new CouldNotRun(`${SIMULATOR_MAIN} is missing: npm run build`);
  const args = [
    SIMULATOR_MAIN,
    '--api',
    apiUrl,
    '--brokers',
    brokers.join(','),
    '--database-url',
    databaseUrl,
    '--jwt-secret',
    JWT_SECRET,
    '--run-id',
    runId,
    '--seed',
    String(opts.seed),
    '--rate',
    String(opts.rate),
    '--duration',
    '86400', // ended by SIGUSR2 once the faults are done
    '--population',
    String(opts.population),
    '--timeline',
    timelineFile,
    '--poison-share',
    String(opts.poisonShare),
    '--dlq-check',
    '--dlq-wait',
    '60',
    '--drain-timeout',
    String(opts.drainTimeoutS),
    '--max-wait',
    String(opts.drainTimeoutS + 60),
    '--json',
    jsonFile,
    '--no-progress',
  ];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  pids.add('simulator', child.pid);
  const out = createWriteStream(join(runDir, 'simulator.log'));
  child.stderr?.pipe(out, { end: false });
  let started: (at: number) => void = () => undefined;
  const trafficStarted = new Promise<number>((r) => (started = r));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    out.write(line + '\n');
    if (line.startsWith('pos-simulator: traffic started')) started(Date.now());
    else if (line.startsWith('pos-simulator:')) log(`  ${line}`);
  });
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      pids.remove('simulator', child.pid);
      r(code);
    }),
  );
  return { child, trafficStarted, exited };
}

/** Reads the simulator's timeline file as it grows. */
class TimelineFollower {
  private offset = 0;
  private rest = '';
  private readonly buckets: TimelineBucket[] = [];

  constructor(private readonly file: string) {}

  read(): TimelineBucket[] {
    if (!existsSync(this.file)) return this.buckets;
    const fd = openSync(this.file, 'r');
    try {
      const buf = Buffer.alloc(1 << 20);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, this.offset);
        if (n <= 0) break;
        this.offset += n;
        const text = this.rest + buf.subarray(0, n).toString('utf8');
        const cut = text.lastIndexOf('\n');
        this.rest = text.slice(cut + 1);
        this.buckets.push(...parseTimeline(text.slice(0, cut + 1)));
      }
    } finally {
      closeSync(fd);
    }
    return this.buckets;
  }
}

/** `n` consecutive free TCP ports from `base` on (the services' HTTP ports). */
async function freePorts(base: number, n: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((r) => {
      const srv = createServer();
      srv.once('error', () => r(false));
      srv.listen(port, '0.0.0.0', () => srv.close(() => r(true)));
    });
  for (let p = base; p < base + 200; p++) {
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = await free(p + i);
    if (ok) return p;
  }
  throw new CouldNotRun(`no ${n} free consecutive ports from ${base}`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('drill failed:', err);
    process.exit(2);
  },
);
