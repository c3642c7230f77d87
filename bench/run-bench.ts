/**
 * The settlement service's throughput and latency on this machine, in one run (`bash
 * scripts/bench.sh`, about 6 to 9 minutes on 2 cores):
 *
 *  a. end to end, charge produced -> outcome consumed, at several offered rates (paced steps),
 *     then an unthrottled "saturation" run: N charges pre-loaded while the service is stopped,
 *     drained after it starts; its drain rate is `sustainedChargesPerS`;
 *  b. the same with SETTLEMENT_BATCH_SIZE=1 (one message per transaction) as a baseline;
 *     In the batched configuration also: HTTP settlement (POST /v1/charges?waitS) beside Kafka at
 *     the same offered rates, and a mixed run with a share of contributions, paced and saturated;
 *  c. the ceilings of the parts alone: a Kafka consume -> produce pass-through without a
 *     database, and the service's SettlementProcessor driven directly without Kafka.
 *
 * The service runs as a separate process from dist/ (npm run build), one per configuration, on
 * its own database (gongji_bench, recreated unless BENCH_FRESH_DB=0) and its own consumer group
 * (moved to the end of the shared topics first). Only this run's charges are counted. The ledger
 * invariants are checked after every configuration; the exit status is 1 if one fails. Speed is
 * reported, never asserted. Results: bench/results/<timestamp>.json, latest.json, latest.svg.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { ApiClient } from '../apps/pos-simulator/src/api-client';
import { bureauToken } from '../apps/pos-simulator/src/bureau-token';
import { checkInvariants, lastJournalEntryId, type CheckResult } from '../apps/pos-simulator/src/invariants';
import {
  BatchingProducer,
  createKafka,
  ensureTopic,
  fastForwardGroup,
  tailFromEnd,
} from '../apps/pos-simulator/src/kafka-io';
import { formatMs, type LatencyStats } from '../apps/pos-simulator/src/latency-stats';
import { INBOUND_TOPICS, TOPICS } from '../apps/pos-simulator/src/messages';
import { generatePopulation } from '../apps/pos-simulator/src/population';
import { bindingsOf } from '../apps/pos-simulator/src/population-model';
import { Rng } from '../apps/pos-simulator/src/prng';
import { registerPopulation } from '../apps/pos-simulator/src/registration';
import { PLAIN_MIX, PopulationIndex, planCharge } from '../apps/pos-simulator/src/traffic-plan';
import { benchConfig, databaseName, type BenchConfig } from './bench-config';
import type { LatencySplit } from './latency-split';
import type { ContributionStepResult } from './contribution-tally';
import type { HttpStepResult } from './http-step-result';
import { LoadDriver, type MixedStepResult } from './load-driver';
import { measurePassthrough, type PassthroughResult } from './passthrough-ceiling';
import { renderProfileSummary, summarizeProfile, type CpuProfile, type ProfileSummary } from './profile-summary';
import { ServiceProcess } from './service-process';
import { measureSqlCeiling, type SqlCeilingResult } from './sql-ceiling';
import { drainThroughput, stepResult, type StepResult } from './step-metrics';
import { renderChart } from './svg-chart';
import { chartFromResults } from './results-chart';
import { scrapeMetrics, stepServiceMetrics, type StepServiceMetrics } from './service-metrics';
import { coresUsed, cpuSnapshot, describeCores, type CpuByRole } from './cpu-accounting';
import { PgActivitySampler, describeActivity, type ActivityShare } from './pg-activity';

const REPO = resolve(__dirname, '..');
const t0 = Date.now();
const log = (line: string) => console.log(`[${String(Math.round((Date.now() - t0) / 1000)).padStart(4)} s] ${line}`);
const round = (v: number) => Math.round(v);

/** A step with the service's own counters and the cores each process used meanwhile. */
type MeasuredStep = StepResult & { service: StepServiceMetrics | null; cores: CpuByRole; database: ActivityShare[] };

interface ConfigurationResult {
  key: string;
  name: string;
  settlementBatchSize: number;
  steps: MeasuredStep[];
  saturation: {
    preloaded: number;
    answered: number;
    drainSeconds: number;
    chargesPerS: number;
    complete: boolean;
    detail: StepResult;
    service: StepServiceMetrics | null;
    cores: CpuByRole;
    database: ActivityShare[];
  };
  /** Highest offered rate the service kept up with (>= 95% answered at that rate). */
  highestKeptUpOfferedPerS: number | null;
  profile: ProfileSummary | null;
  /** With BENCH_PROFILE=1: the service's CPU profile during a paced step (1000/s or the highest rate). */
  pacedProfile: ProfileSummary | null;
  /** Batched only: HTTP settlement beside Kafka at the same offered rates (contract 1.1 §2). */
  httpComparison: { rate: number; kafka: MeasuredStep | StepResult; http: HttpStepResult }[];
  /** Batched only: a share of contributions among the charges, paced and saturated (contract 1.1 §1). */
  mixed: {
    share: number;
    paced: MixedStepResult | null;
    saturation: {
      preloaded: number;
      messagesPerS: number;
      drainSeconds: number;
      charges: StepResult;
      contributions: ContributionStepResult;
    } | null;
  } | null;
  checks: CheckResult[];
  serviceExitStatus: number | null;
}

async function main(): Promise<number> {
  const cfg = benchConfig(process.env);
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const runId = `b${Math.floor(Date.now() / 10).toString(36)}`;
  const runDir = join(REPO, 'bench/results/runs', stamp);
  mkdirSync(runDir, { recursive: true });
  log(
    `bench ${runId} on Kafka ${cfg.brokers.join(',')}: rates ${cfg.rates.join(', ')}/s x ${cfg.stepSeconds} s, saturation ${cfg.saturationCharges}, population ${cfg.population}; logs in ${runDir}`,
  );

  await prepareDatabase(cfg);
  const pool = new Pool({ connectionString: cfg.databaseUrl, max: 3 });
  const dbName = databaseName(cfg.databaseUrl);
  const kafka = createKafka(cfg.brokers, `gongji-bench-${runId}`);
  // A private broker (scripts/bench.sh) starts empty: the contract's topics, with the partition
  // count scripts/infra/kafka-up.sh gives them (BENCH_PARTITIONS, 12).
  for (const topic of [...INBOUND_TOPICS, TOPICS.settlementEvents, ...INBOUND_TOPICS.map((t) => `${t}.dlq`)]) {
    await ensureTopic(kafka, topic, cfg.partitions);
  }
  // One produce request per 10 ms: on these shared 2 cores, a request every 2 ms cost the broker
  // about 0.4 of a core at 1000/s. Latency counts from the send, so this wait is not in it.
  const producer = await BatchingProducer.connect(kafka, { flushEveryMs: 10, maxInFlight: 16 });
  const population = generatePopulation({
    seed: cfg.seed,
    size: cfg.population,
    runId,
    now: new Date(),
    balanceScale: 20,
  });
  const index = new PopulationIndex(population);
  const driver = new LoadDriver(
    index,
    new Rng(cfg.seed).fork('bench'),
    producer,
    `${runId}-`,
    pool,
    bindingsOf(population),
  );
  const tail = await tailFromEnd(kafka, TOPICS.settlementEvents, `gongji-bench-tail-${runId}`, (m, at) =>
    driver.onEvents(m, at),
  );

  const configurations: ConfigurationResult[] = [];
  let registered = false;
  try {
    // The private broker starts cold: its JIT compilers then take 0.4-0.6 of a core for a minute or
    // more, and the first steps measured that instead of the service. The Kafka-only pass-through,
    // run once unmeasured, warms the same produce, fetch and commit paths.
    log('warming up the broker: the Kafka pass-through once, not measured');
    await measurePassthrough({
      repo: REPO,
      kafka,
      brokers: cfg.brokers,
      producer,
      index,
      rng: new Rng(cfg.seed).fork('broker-warm-up'),
      runId: `${runId}w`,
      preload: cfg.passthroughPreload,
      pacedRate: 1000,
      pacedSeconds: 10,
      log: () => undefined,
    });
    for (const c of [
      { key: 'batched', name: `batched (SETTLEMENT_BATCH_SIZE=${cfg.batchSize})`, batchSize: cfg.batchSize },
      { key: 'one-per-transaction', name: 'one per transaction (SETTLEMENT_BATCH_SIZE=1)', batchSize: 1 },
    ].filter((x) => cfg.configurations.includes(x.key))) {
      const groupId = `gongji-bench-${runId}-${c.key}`;
      await fastForwardGroup(kafka, groupId, INBOUND_TOPICS);
      const env = {
        DATABASE_URL: cfg.databaseUrl,
        DATABASE_MIGRATION_URL: cfg.migrationDatabaseUrl,
        KAFKA_BROKERS: cfg.brokers.join(','),
        AUTH_JWT_SECRET: cfg.jwtSecret,
        KAFKA_GROUP_ID: groupId,
        KAFKA_CLIENT_ID: groupId,
        SETTLEMENT_BATCH_SIZE: String(c.batchSize),
        LOG_LEVEL: 'warn',
        ...cfg.serviceEnv,
      };
      const logFile = join(runDir, `service-${c.key}.log`);
      const start = (profileFile?: string) =>
        ServiceProcess.start({ repo: REPO, port: cfg.port, env, logFile, profileFile });
      const extra = Object.entries(cfg.serviceEnv).map(([name, value]) => `${name}=${value}`);
      log(`${c.name}: starting the service${extra.length ? ` with ${extra.join(' ')}` : ''}`);
      let svc = await start();
      if (!registered) {
        const api = new ApiClient(svc.baseUrl, bureauToken(cfg.jwtSecret));
        const reg = await registerPopulation(api, population, { concurrency: 16 });
        log(
          `registered ${population.persons.length} persons, ${reg.bindingIds.size} bindings in ${round(reg.seconds)} s (${reg.failures.length} failed)`,
        );
        if (reg.failures.length) throw new Error(`registration failed: ${reg.failures[0].message}`);
        registered = true;
      }
      const baseline = await lastJournalEntryId(pool);
      // A fresh service process warms up too (its JIT, the pool's connections, prepared statements).
      const warmupS = configurations.length === 0 ? cfg.warmupSeconds : 3;
      await driver.paced('warm-up', c.batchSize > 1 ? 500 : 100, warmupS, { maxBacklogS: 30, drainTimeoutS: 60 });

      const steps: MeasuredStep[] = [];
      for (const rate of cfg.rates) {
        const before = await scrapeMetrics(svc.baseUrl);
        const cpuBefore = cpuSnapshot(svc.pid);
        const sampler = new PgActivitySampler(pool, dbName).start();
        const r = await driver.paced(`${rate}/s`, rate, cfg.stepSeconds, { maxBacklogS: 3, drainTimeoutS: 180 });
        const cores = coresUsed(cpuBefore, cpuSnapshot(svc.pid), r.wallSeconds);
        const database = sampler.stop();
        const after = await scrapeMetrics(svc.baseUrl);
        const s: MeasuredStep = {
          ...r,
          service: before && after ? stepServiceMetrics(before, after, r.wallSeconds) : null,
          cores,
          database,
        };
        steps.push(s);
        log(`${c.key} ${describeStep(s)}`);
        if (s.saturated) break;
      }

      const httpComparison: ConfigurationResult['httpComparison'] = [];
      let mixedPaced: MixedStepResult | null = null;
      if (c.key === 'batched') {
        const target = { baseUrl: svc.baseUrl, token: bureauToken(cfg.jwtSecret), waitS: 10 };
        for (const rate of cfg.httpRates) {
          const kafkaStep =
            steps.find((s) => s.offeredPerS === rate) ??
            (await driver.paced(`${rate}/s`, rate, cfg.stepSeconds, { maxBacklogS: 3, drainTimeoutS: 180 }));
          const http = await driver.httpPaced(`http ${rate}/s`, rate, cfg.stepSeconds, target, {
            maxBacklogS: 3,
            drainTimeoutS: 180,
          });
          httpComparison.push({ rate, kafka: kafkaStep, http });
          log(`${c.key} ${describeHttp(http, kafkaStep)}`);
        }
        if (cfg.contributionShare > 0) {
          mixedPaced = await driver.mixedPaced(`mixed 1000/s`, 1000, cfg.stepSeconds, cfg.contributionShare, {
            maxBacklogS: 3,
            drainTimeoutS: 180,
          });
          log(`${c.key} ${describeMixed(mixedPaced, cfg.contributionShare)}`);
        }
      }

      const best = Math.max(...steps.map((s) => s.achievedPerS));
      const n =
        c.batchSize === 1 ? Math.min(cfg.saturationCharges, Math.max(3000, round(best * 15))) : cfg.saturationCharges;
      await svc.stop();
      const tracker = await driver.preload(n);
      log(`${c.key} saturation: ${n} charges pre-loaded with the service stopped; starting it`);
      svc = await start();
      const satBefore = await scrapeMetrics(svc.baseUrl);
      const satCpuBefore = cpuSnapshot(svc.pid);
      const satStarted = Date.now();
      const satSampler = new PgActivitySampler(pool, dbName).start();
      const complete = await driver.waitComplete(tracker, 300);
      const satDatabase = satSampler.stop();
      const satCores = coresUsed(satCpuBefore, cpuSnapshot(svc.pid), (Date.now() - satStarted) / 1000);
      const satAfter = await scrapeMetrics(svc.baseUrl);
      await driver.finish(tracker);
      const drain = drainThroughput(
        [...tracker.charges.values()].flatMap((x) => (x.firstAnswerAt === null ? [] : [x.firstAnswerAt])),
      );
      const detail = stepResult('saturation', null, tracker, { abortedEarly: false, wallSeconds: drain.seconds });
      const satService = satBefore && satAfter ? stepServiceMetrics(satBefore, satAfter, drain.seconds) : null;
      log(
        `${c.key} saturation: ${detail.answered} answered in ${Math.round(drain.seconds * 10) / 10} s = ${round(drain.perS)} charges/s` +
          (satService
            ? `; ${Math.round(satService.meanMessagesPerTransaction)} msgs per tx, ${formatMs(satService.meanTransactionMs)} ms each`
            : '') +
          `; cores used: ${describeCores(satCores)}; database sessions: ${describeActivity(satDatabase)}`,
      );

      let mixedSaturation: NonNullable<ConfigurationResult['mixed']>['saturation'] = null;
      if (c.key === 'batched' && cfg.contributionShare > 0) {
        await svc.stop();
        const { tracker: mt, tally } = await driver.preloadMixed(n, cfg.contributionShare);
        log(
          `${c.key} mixed saturation: ${n} messages pre-loaded (${Math.round(cfg.contributionShare * 100)}% contributions); starting the service`,
        );
        svc = await start();
        await driver.waitComplete(mt, 300);
        await driver.finishTally(tally, 60);
        await driver.finish(mt);
        const mixedDrain = drainThroughput([
          ...[...mt.charges.values()].flatMap((x) => (x.firstAnswerAt === null ? [] : [x.firstAnswerAt])),
          ...tally.answerTimes(),
        ]);
        mixedSaturation = {
          preloaded: n,
          messagesPerS: mixedDrain.perS,
          drainSeconds: mixedDrain.seconds,
          charges: stepResult('mixed saturation', null, mt, { abortedEarly: false, wallSeconds: mixedDrain.seconds }),
          contributions: tally.result(),
        };
        const paid = mixedSaturation.contributions;
        log(
          `${c.key} mixed saturation: ${round(mixedDrain.perS)} messages/s (charges alone: ${round(drain.perS)}/s); contributions ${paid.paid} paid, rejected ${describeCodes(paid.rejected)}`,
        );
      }

      let profile: ProfileSummary | null = null;
      let pacedProfile: ProfileSummary | null = null;
      if (cfg.profile && c.key === 'batched') {
        await svc.stop();
        // The hook writes every profile to this one file; each is copied to its own name.
        const profileFile = join(runDir, `service-${c.key}-latest.cpuprofile`);
        const saturationFile = join(runDir, `service-${c.key}-saturation.cpuprofile`);
        const t2 = await driver.preload(n);
        svc = await start(profileFile);
        await svc.startProfiler();
        await driver.waitComplete(t2, 300);
        await driver.finish(t2);
        await svc.stopProfiler();
        if (existsSync(profileFile)) {
          writeFileSync(saturationFile, readFileSync(profileFile));
          profile = summarizeProfile(JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile, 25);
          log(`profile of a ${n}-charge drain written to ${saturationFile}\n${renderProfileSummary(profile)}`);
        }
        // The same service at a paced rate, where per-transaction costs weigh more.
        const pacedRate = Math.min(1000, Math.max(...cfg.rates));
        const pacedFile = join(runDir, `service-${c.key}-paced-${pacedRate}.cpuprofile`);
        await svc.startProfiler();
        await driver.paced(`profiled ${pacedRate}/s`, pacedRate, cfg.stepSeconds, {
          maxBacklogS: 3,
          drainTimeoutS: 180,
        });
        await svc.stopProfiler();
        if (existsSync(profileFile)) {
          writeFileSync(pacedFile, readFileSync(profileFile));
          pacedProfile = summarizeProfile(JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile, 25);
          log(`profile of ${pacedRate}/s paced written to ${pacedFile}\n${renderProfileSummary(pacedProfile)}`);
        }
      }
      const serviceExitStatus = await svc.stop();

      const all = [
        ...steps,
        detail,
        ...httpComparison.filter((h) => !steps.includes(h.kafka as MeasuredStep)).map((h) => h.kafka),
        ...(mixedPaced ? [mixedPaced.charges] : []),
        ...(mixedSaturation ? [mixedSaturation.charges] : []),
      ];
      const contributionRuns = [mixedPaced?.contributions, mixedSaturation?.contributions].filter(
        (x): x is ContributionStepResult => x !== undefined,
      );
      const checks: CheckResult[] = [
        {
          name: 'every charge got exactly one final outcome',
          ok: all.every((s) => s.withoutFinal === 0 && s.withSeveralFinals === 0) && complete,
          detail: `${all.reduce((x, s) => x + s.withoutFinal, 0)} without, ${all.reduce((x, s) => x + s.withSeveralFinals, 0)} with several`,
        },
        {
          name: 'every HTTP charge call answered without a server error',
          ok: httpComparison.every((h) => Object.keys(h.http.byStatus).every((k) => k === '200' || k === '202')),
          detail:
            httpComparison.map((h) => `${h.rate}/s ${describeCodes(h.http.byStatus)}`).join('; ') || 'no HTTP step',
        },
        {
          name: 'every contribution got exactly one outcome',
          ok: contributionRuns.every((r) => r.withoutOutcome === 0 && r.withSeveralOutcomes === 0),
          detail: `${contributionRuns.reduce((x, r) => x + r.withoutOutcome, 0)} without, ${contributionRuns.reduce((x, r) => x + r.withSeveralOutcomes, 0)} with several`,
        },
        ...(await checkInvariants(pool, {
          personIds: population.persons.map((p) => p.personId),
          journalEntriesAfter: baseline,
          charges: { idPrefix: `${runId}-`, expected: driver.totalSent },
        })),
      ];
      for (const ch of checks) log(`${c.key} [${ch.ok ? 'PASS' : 'FAIL'}] ${ch.name}: ${ch.detail}`);
      const keptUp = steps.filter((s) => !s.saturated).map((s) => s.offeredPerS as number);
      configurations.push({
        key: c.key,
        name: c.name,
        settlementBatchSize: c.batchSize,
        steps,
        saturation: {
          preloaded: n,
          answered: detail.answered,
          drainSeconds: drain.seconds,
          chargesPerS: drain.perS,
          complete,
          detail,
          service: satService,
          cores: satCores,
          database: satDatabase,
        },
        highestKeptUpOfferedPerS: keptUp.length ? Math.max(...keptUp) : null,
        httpComparison,
        mixed:
          c.key === 'batched' && cfg.contributionShare > 0
            ? { share: cfg.contributionShare, paced: mixedPaced, saturation: mixedSaturation }
            : null,
        profile,
        pacedProfile,
        checks,
        serviceExitStatus,
      });
    }

    log('ceiling of the Kafka part: consume -> produce pass-through, no database');
    const passthrough: PassthroughResult = await measurePassthrough({
      repo: REPO,
      kafka,
      brokers: cfg.brokers,
      producer,
      index,
      rng: new Rng(cfg.seed).fork('passthrough'),
      runId,
      preload: cfg.passthroughPreload,
      pacedRate: 1000,
      pacedSeconds: 10,
      log,
    });
    log(
      `passthrough: ${round(passthrough.messagesPerS)} msg/s; at 1000/s p50/p95/p99 ${formatMs(passthrough.pacedLatencyMs.p50)}/${formatMs(passthrough.pacedLatencyMs.p95)}/${formatMs(passthrough.pacedLatencyMs.p99)} ms`,
    );

    log('ceiling of the database part: SettlementProcessor driven directly, no Kafka');
    const sqlRng = new Rng(cfg.seed).fork('sql');
    const sqlCharges = (count: number, offset: number) =>
      Array.from({ length: count }, (_, i) => planCharge(index, sqlRng, offset + i, new Date(), PLAIN_MIX).charge);
    const sqlBaseline = await lastJournalEntryId(pool);
    const sql: SqlCeilingResult[] = [];
    for (const [batchSize, count, offset] of [
      [cfg.batchSize, cfg.sqlCeilingCharges, 20_000_000],
      [1, cfg.sqlCeilingChargesOnePerTx, 30_000_000],
    ] as const) {
      const r = await measureSqlCeiling({
        repo: REPO,
        databaseUrl: cfg.databaseUrl,
        charges: sqlCharges(count, offset),
        batchSize,
        partitions: 3,
        outboxKeyPrefix: `${runId}-`,
        chargeIdPrefix: `${runId}-`,
      });
      sql.push(r);
      log(
        `SettlementProcessor, ${batchSize} per transaction: ${r.charges} charges in ${Math.round(r.seconds * 10) / 10} s = ${round(r.chargesPerS)} charges/s`,
      );
    }
    const sqlChecks = await checkInvariants(pool, {
      personIds: population.persons.map((p) => p.personId),
      journalEntriesAfter: sqlBaseline,
    });
    for (const ch of sqlChecks) log(`sql-ceiling [${ch.ok ? 'PASS' : 'FAIL'}] ${ch.name}: ${ch.detail}`);

    const batched = configurations[0];
    const sustained = batched.saturation.chargesPerS;
    const at1000 = batched.steps.find((s) => s.offeredPerS === 1000);
    const slowerCeiling = Math.min(passthrough.messagesPerS, sql[0].chargesPerS);
    const results = {
      runId,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      sustainedChargesPerS: round(sustained),
      definitions: {
        sustainedChargesPerS:
          'batched configuration: charges answered per second while draining a backlog pre-loaded with the service stopped (first to last answer consumed)',
        latency:
          'per charge: time its first answer (charge.settled / charge.rejected / charge.authorization-requested) was consumed minus the time it was produced; one clock',
        achievedPerS: 'answered charges / (last answer - first send) in a paced step',
        saturated:
          'production stopped early (over 3 s of offered load unanswered) or under 95% of the offered rate answered',
      },
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        postgres: await postgresVersion(pool),
        kafka: '3.9.1 (single KRaft node, scripts/infra)',
        note: 'service, broker, database and load generator share the machine',
      },
      settings: { ...cfg, jwtSecret: undefined },
      configurations,
      ceilings: {
        kafkaPassthrough: passthrough,
        settlementProcessor: sql,
        slowerPartPerS: round(slowerCeiling),
      },
      targets: {
        sustainedAtLeast5000PerS: { value: round(sustained), met: sustained >= 5000 },
        p99AtMost50msAt1000PerS: {
          value: at1000 ? at1000.latencyMs.p99 : null,
          met: at1000 ? at1000.latencyMs.p99 <= 50 && !at1000.saturated : false,
        },
        endToEndAtLeastHalfOfSlowerPart: {
          value: Math.round((sustained / slowerCeiling) * 100) / 100,
          met: sustained >= 0.5 * slowerCeiling,
        },
      },
      checksPassed: [...configurations.flatMap((c) => c.checks), ...sqlChecks].every((c) => c.ok),
      sqlCeilingChecks: sqlChecks,
    };
    const json =
      JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
    writeFileSync(join(REPO, 'bench/results', `${stamp}.json`), json);
    const svg = renderChart(chartFromResults(JSON.parse(json)));
    // An experiment (BENCH_LATEST=0) leaves latest.json / latest.svg to the standard run.
    if (process.env.BENCH_LATEST !== '0') {
      writeFileSync(join(REPO, 'bench/results/latest.json'), json);
      writeFileSync(join(REPO, 'bench/results/latest.svg'), svg);
    }
    writeFileSync(join(REPO, 'bench/results', `${stamp}.svg`), svg);
    console.log(renderTable(results.configurations, passthrough, sql, results.targets, round(sustained)));
    log(
      `results: bench/results/${stamp}.json and .svg${process.env.BENCH_LATEST !== '0' ? ', latest.json, latest.svg' : ''}`,
    );
    return results.checksPassed ? 0 : 1;
  } finally {
    await tail.stop().catch(() => undefined);
    await producer.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

function describeStep(s: MeasuredStep): string {
  const l = s.latencyMs;
  const tx = s.service
    ? `; ${round(s.service.transactionsPerS)} tx/s of ${Math.round(s.service.meanMessagesPerTransaction * 10) / 10} msgs, ${formatMs(s.service.meanTransactionMs)} ms each`
    : '';
  return (
    `${String(s.label).padStart(7)}: ${String(round(s.achievedPerS)).padStart(5)} answered/s of ${s.sent} sent` +
    `, p50/p95/p99/max ${formatMs(l.p50)}/${formatMs(l.p95)}/${formatMs(l.p99)}/${formatMs(l.max)} ms${tx}; cores: ${describeCores(s.cores)}` +
    `; database sessions: ${describeActivity(s.database, 3)}` +
    describeSplit(s.latencySplitMs) +
    (s.saturated ? '  SATURATED' : '')
  );
}

function describeHttp(h: HttpStepResult, kafka: StepResult): string {
  const l = h.latencyMs;
  const k = kafka.latencyMs;
  return (
    `${h.label}: ${round(h.achievedPerS)} final answers/s of ${h.sent} calls (${describeCodes(h.byStatus)}; ${h.resent} sent again), ` +
    `call p50/p95/p99 ${formatMs(l.p50)}/${formatMs(l.p95)}/${formatMs(l.p99)} ms; Kafka at ${kafka.offeredPerS}/s: ` +
    `${round(kafka.achievedPerS)}/s, p50/p99 ${formatMs(k.p50)}/${formatMs(k.p99)} ms${h.saturated ? '  SATURATED' : ''}`
  );
}

function describeMixed(m: MixedStepResult, share: number): string {
  const l = m.charges.latencyMs;
  const c = m.contributions;
  return (
    `${m.charges.label} (${Math.round(share * 100)}% contributions): charges ${round(m.charges.achievedPerS)}/s, ` +
    `p50/p99 ${formatMs(l.p50)}/${formatMs(l.p99)} ms; contributions ${c.sent} sent, ${c.paid} paid, rejected ` +
    `${describeCodes(c.rejected)}, p50/p99 ${formatMs(c.latencyMs.p50)}/${formatMs(c.latencyMs.p99)} ms` +
    (m.charges.saturated ? '  SATURATED' : '')
  );
}

function describeCodes(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.join(', ') : 'none';
}

function describeSplit(split: LatencySplit | undefined): string {
  if (!split || split.toTransactionMs.count === 0) return '';
  const part = (name: string, l: LatencyStats) => `${name} ${formatMs(l.p50)}/${formatMs(l.p99)}`;
  return (
    `; latency parts p50/p99 ms: ${part('to the transaction', split.toTransactionMs)}, ` +
    `${part('transaction to relay send', split.transactionToPublishMs)}, ${part('relay send to consumed', split.publishToConsumeMs)}`
  );
}

function renderTable(
  configurations: ConfigurationResult[],
  passthrough: PassthroughResult,
  sql: SqlCeilingResult[],
  targets: Record<string, { value: number | null; met: boolean }>,
  sustained: number,
): string {
  const lines = ['', 'Gongji bench summary', ''];
  for (const c of configurations) {
    lines.push(`${c.name}`);
    lines.push('  offered/s  answered/s    p50 ms    p95 ms    p99 ms    max ms');
    for (const s of c.steps) {
      const l = s.latencyMs;
      lines.push(
        `  ${String(s.offeredPerS).padStart(9)}  ${String(round(s.achievedPerS)).padStart(10)}  ${formatMs(l.p50).padStart(8)}  ${formatMs(l.p95).padStart(8)}  ${formatMs(l.p99).padStart(8)}  ${formatMs(l.max).padStart(8)}${s.saturated ? '  saturated' : ''}`,
      );
    }
    lines.push(
      `  saturation: ${c.saturation.preloaded} pre-loaded, drained at ${round(c.saturation.chargesPerS)} charges/s`,
    );
    for (const h of c.httpComparison) {
      const l = h.http.latencyMs;
      const k = h.kafka.latencyMs;
      lines.push(
        `  HTTP at ${h.rate}/s: ${round(h.http.achievedPerS)} final/s, call p50/p99 ${formatMs(l.p50)}/${formatMs(l.p99)} ms` +
          ` (Kafka at ${h.rate}/s: ${round(h.kafka.achievedPerS)}/s, p50/p99 ${formatMs(k.p50)}/${formatMs(k.p99)} ms)` +
          (h.http.saturated ? '  saturated' : ''),
      );
    }
    if (c.mixed?.paced) {
      const m = c.mixed.paced;
      lines.push(
        `  mixed ${Math.round(c.mixed.share * 100)}% contributions at 1000/s: charges p50/p99 ${formatMs(m.charges.latencyMs.p50)}/${formatMs(m.charges.latencyMs.p99)} ms,` +
          ` contributions p50/p99 ${formatMs(m.contributions.latencyMs.p50)}/${formatMs(m.contributions.latencyMs.p99)} ms`,
      );
    }
    if (c.mixed?.saturation)
      lines.push(
        `  mixed saturation: ${c.mixed.saturation.preloaded} pre-loaded, drained at ${round(c.mixed.saturation.messagesPerS)} messages/s`,
      );
    lines.push(
      `  checks: ${
        c.checks.every((x) => x.ok)
          ? 'all passed'
          : c.checks
              .filter((x) => !x.ok)
              .map((x) => x.name)
              .join('; ')
      }`,
    );
    lines.push('');
  }
  const pl = passthrough.pacedLatencyMs;
  lines.push(
    `Kafka pass-through (no database): ${round(passthrough.messagesPerS)} msg/s; at 1000/s p50/p95/p99 ${formatMs(pl.p50)}/${formatMs(pl.p95)}/${formatMs(pl.p99)} ms`,
  );
  for (const r of sql)
    lines.push(`SettlementProcessor (no Kafka), ${r.batchSize} per transaction: ${round(r.chargesPerS)} charges/s`);
  lines.push('');
  lines.push(`sustainedChargesPerS: ${sustained}`);
  for (const [name, t] of Object.entries(targets))
    lines.push(
      `  ${t.met ? 'met    ' : 'MISSED '} ${name}: ${t.value === null ? '-' : typeof t.value === 'number' ? Math.round(t.value * 100) / 100 : t.value}`,
    );
  return lines.join('\n');
}

async function prepareDatabase(cfg: BenchConfig): Promise<void> {
  const name = databaseName(cfg.databaseUrl);
  const admin = new Client({ connectionString: cfg.adminDatabaseUrl });
  await admin.connect();
  try {
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
    if (exists && cfg.freshDatabase) {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      log(`dropped database ${name} (BENCH_FRESH_DB=0 keeps it)`);
    }
    if (!exists || cfg.freshDatabase) await admin.query(`CREATE DATABASE ${name} OWNER gongji_owner`);
  } finally {
    await admin.end();
  }
  execFileSync(join(REPO, 'node_modules/.bin/tsx'), ['apps/settlement-service/src/store/migrate.ts'], {
    cwd: REPO,
    env: { ...process.env, DATABASE_MIGRATION_URL: cfg.migrationDatabaseUrl },
    stdio: 'inherit',
  });
}

async function postgresVersion(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ v: string }>(`SELECT split_part(version(), ' ', 2) AS v`);
  return rows[0].v;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('bench failed:', err);
    process.exit(2);
  },
);
