/**
 * The POS simulator: registers a synthetic insured population through the HTTP API, plays
 * pharmacy and clinic terminals and holders against Kafka at a chosen rate, and checks that every
 * charge got exactly one final outcome and that the ledger's invariants hold in PostgreSQL.
 * Exits 0 when every check passes, 1 when one fails, 2 on bad usage or when it cannot run.
 *
 *   npx tsx apps/pos-simulator/src/main.ts --seed 42 --rate 200 --duration 60 --population 1500
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { ApiClient } from './api-client';
import { bureauToken, type TokenSigning } from './bureau-token';
import { USAGE, UsageError, newRunId, parseOptions, type SimulatorOptions } from './cli-options';
import { checkInvariants, lastJournalEntryId } from './invariants';
import { BatchingProducer, createKafka, fastForwardGroup, monotonicMs, tailFromEnd } from './kafka-io';
import { INBOUND_TOPICS, TOPICS } from './messages';
import { DeadLetterWatch } from './dead-letters';
import { OutcomeTimeline, formatBuckets } from './outcome-timeline';
import { OutcomeTracker, reasonCode, unknownToAnotherInstance, type SettlementEvent } from './outcome-tracker';
import { resolveAgainstOutbox } from './own-events';
import { generatePopulation } from './population';
import { bindingsOf, employeesOf, type Population } from './population-model';
import { progressBar } from './progress';
import { registerPopulation, registrationRequests } from './registration';
import { summarize } from './run-summary';
import { ResilientDb } from './resilient-db';
import { deadLetterChecks, eventChecks, renderReport } from './summary-report';
import { TrafficRunner } from './traffic';
import { DEFAULT_MIX, PopulationIndex } from './traffic-plan';
import { waitForHealth } from './wait-for-health';
import { CollectionSeason, type SeasonReport } from './collection-season';
import { renderExtras } from './extras-report';
import { checkHolderStatements, statementChecks, type StatementReport } from './holder-statements';
import { HttpSettlement, pickHttpMerchants } from './http-settlement';
import { merchantDays } from './merchant-day';
import { merchantDayChecks, runMerchantDayChecks, type MerchantDayReport } from './merchant-day-checks';
import { checkRouting, routingChecks, terminalKey, type RoutingReport } from './routing-check';
import { seasonChecks, seasonDbChecks } from './season-checks';
import { planSeason } from './season-plan';
import { TerminalRouter } from './terminal-router';
import type { CheckResult } from './invariants';

async function main(): Promise<number> {
  let opts: SimulatorOptions;
  try {
    opts = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.message) console.error(`pos-simulator: ${err.message}\n`);
    console.error(USAGE);
    return 2;
  }
  if (opts.fastForwardGroup !== null) {
    await fastForwardGroup(createKafka(opts.brokers, 'pos-simulator-admin'), opts.fastForwardGroup, INBOUND_TOPICS);
    console.log(
      `pos-simulator: consumer group ${opts.fastForwardGroup} now starts at the end of ${INBOUND_TOPICS.join(', ')}`,
    );
    return 0;
  }
  return simulate(opts);
}

async function simulate(opts: SimulatorOptions): Promise<number> {
  const runId = opts.runId ?? newRunId(Date.now());
  const population = generatePopulation({ seed: opts.seed, size: opts.population, runId, now: new Date() });
  console.log(describePopulation(population));

  if (!(await waitForHealth(opts.apiUrl, 60_000))) {
    console.error(`pos-simulator: the service at ${opts.apiUrl} is not ready (GET /health/ready or /health)`);
    return 2;
  }
  // Every token of the run (bureau, merchants, holders) is signed alike.
  const signing: TokenSigning = { secret: opts.jwtSecret, issuer: opts.jwtIssuer, audience: opts.jwtAudience };
  const api = new ApiClient(opts.apiUrl, bureauToken(signing.secret, 3600, signing));
  const regBar = progressBar('register |{bar}| {value}/{total} requests | {duration}s', opts.progress);
  regBar?.start(registrationRequests(population), 0);
  const registration = await registerPopulation(api, population, {
    concurrency: opts.concurrency,
    onRequest: () => regBar?.increment(),
  });
  regBar?.stop();
  console.log(
    `registered in ${Math.round(registration.seconds)} s: ${registration.requests} requests, ${registration.failures.length} failed`,
  );
  for (const f of registration.failures.slice(0, 5)) console.log(`  failed ${f.what}: ${f.message}`);

  const db = new ResilientDb(opts.databaseUrl, 2);
  const kafka = createKafka(opts.brokers, `pos-simulator-${runId}`);
  const timeline = opts.timelineOut ? new TimelineFile(opts.timelineOut) : null;
  try {
    const journalBaseline = await lastJournalEntryId(db);
    // Other service instances on the same broker answer this run's charges too: not ours to count.
    const tracker = new OutcomeTracker({
      isForeign: unknownToAnotherInstance(
        new Set(population.merchants.map((m) => m.merchantId)),
        new Set(population.persons.map((p) => p.personId)),
      ),
    });
    const prefix = `${runId}-`;
    const deadLetters = opts.dlqCheck ? new DeadLetterWatch(prefix) : null;
    const dlqTail = deadLetters
      ? await tailFromEnd(
          kafka,
          INBOUND_TOPICS.map((t) => `${t}.dlq`),
          `pos-simulator-dlq-${runId}`,
          (messages) => {
            for (const m of messages) {
              deadLetters.ingest({ topic: m.topic ?? '', key: m.key, value: m.value, headers: m.headers });
            }
          },
          { onRestart: (why) => console.log(`pos-simulator: DLQ consumer restarted (${why})`) },
        )
      : null;
    const producer = await BatchingProducer.connect(kafka);
    const http =
      opts.httpShare > 0
        ? new HttpSettlement(opts.apiUrl, signing, pickHttpMerchants(population.merchants, opts.httpShare, opts.seed))
        : undefined;
    const reserves = new Map(population.persons.map((p) => [p.personId, p.reserveFen ?? 0]));
    const season =
      opts.seasonShare > 0
        ? new CollectionSeason(
            planSeason(population, { seed: opts.seed, share: opts.seasonShare, now: new Date() }),
            producer,
            opts.apiUrl,
            signing,
            api,
            (id) => reserves.get(id) ?? 0,
          )
        : null;
    // The example terminal gateway: its own consumer, routing by header alone.
    const router = opts.routing ? new TerminalRouter((m) => m.startsWith(prefix)) : null;
    const gatewayTail = router
      ? await tailFromEnd(kafka, TOPICS.settlementEvents, `pos-simulator-gateway-${runId}`, (messages) => {
          for (const m of messages) router.route(m.headers, m.value);
        })
      : null;
    const runner = new TrafficRunner(new PopulationIndex(population), producer, tracker, opts.seed, {
      rate: opts.rate,
      durationS: opts.durationS,
      drainTimeoutS: opts.drainTimeoutS,
      maxWaitS: opts.maxWaitS,
      mix: DEFAULT_MIX,
      poisonShare: opts.poisonShare,
      runId,
      onPoison: (m) => deadLetters?.expect(m),
      http,
    });
    const tail = await tailFromEnd(
      kafka,
      TOPICS.settlementEvents,
      `pos-simulator-${runId}`,
      (messages, at) => {
        const receivedAt = Date.now();
        for (const m of messages) {
          const text = m.value?.toString() ?? '';
          if (!text.includes(prefix)) continue; // another run's or a test's event
          const event = parseEvent(text);
          if (!event) continue;
          if (season && event.type.startsWith('contribution.')) {
            season.ingest(event);
            continue;
          }
          const notice = tracker.ingest(event, at);
          if (!notice) continue;
          if (notice.kind === 'final')
            timeline?.record(Number(m.timestamp), m.partition, receivedAt - Number(m.timestamp));
          runner.onNotice(notice);
        }
      },
      { onRestart: (why) => console.log(`pos-simulator: outcome consumer restarted (${why})`) },
    );

    const onStop = () => {
      console.log('pos-simulator: SIGUSR2: no new charges; draining');
      runner.requestStop();
    };
    process.on('SIGUSR2', onStop);
    const bar = progressBar(
      'traffic  |{bar}| {value}/{total} charges | {finals} final | {holders} awaiting holders | {phase} | {duration}s',
      opts.progress,
    );
    bar?.start(runner.planned, 0, { finals: 0, holders: 0, phase: 'sending' });
    // A line a driver (the fault drill) waits for: traffic starts now.
    console.log(`pos-simulator: traffic started at ${opts.rate} charges/s (run ${runId})`);
    // The season runs while charges flow: its requests spread over the first 60% of the sending.
    const seasonRun = season?.run(opts.durationS * 600, 30_000);
    await runner.run((p) => bar?.update(p.produced, { finals: p.finals, holders: p.awaitingHolders, phase: p.phase }));
    bar?.stop();
    await http?.settle();
    if (season) {
      await seasonRun;
      await season.afterwards(30_000);
      await season.settle();
    }
    process.off('SIGUSR2', onStop);
    await tail.stop();
    const undelivered = await producer.close();
    if (deadLetters && dlqTail) {
      // The DLQ may still be healing: give missing poison messages time to arrive.
      const deadline = Date.now() + opts.dlqWaitS * 1000;
      while (!deadLetters.complete() && Date.now() < deadline) await sleep(500);
      await dlqTail.stop();
    }
    timeline?.close();
    await resolveAgainstOutbox(db, tracker);

    const summary = summarize(tracker, runner.counters);
    const deadLetterReport = deadLetters?.report();
    const extraChecks: CheckResult[] = [];
    let routing: RoutingReport | undefined;
    if (router && gatewayTail) {
      const sentBy = new Map<string, string>();
      for (const c of tracker.charges.values()) {
        const s = runner.sender(c.chargeId);
        if (s && c.finals.length > 0) sentBy.set(c.chargeId, terminalKey(s.merchantId, s.terminalId));
      }
      const owner = (id: string) => {
        const s = runner.sender(id);
        return s && terminalKey(s.merchantId, s.terminalId);
      };
      // The gateway reads the same topic on its own: give it a moment to catch up.
      const until = Date.now() + 15_000;
      while (checkRouting(router.inboxes, sentBy, owner).missing > 0 && Date.now() < until) await sleep(500);
      await gatewayTail.stop();
      routing = checkRouting(router.inboxes, sentBy, owner);
      extraChecks.push(...routingChecks(routing));
    }
    let seasonReport: SeasonReport | undefined;
    if (season) {
      seasonReport = season.report();
      extraChecks.push(...seasonChecks(seasonReport));
      extraChecks.push(...(await seasonDbChecks(db, prefix, seasonReport.paidContributionIds)));
    }
    let settledOver: { http: number; kafka: number; http_: ReturnType<HttpSettlement['figures']> | null } | undefined;
    if (http) {
      let overHttp = 0;
      let overKafka = 0;
      for (const c of tracker.charges.values()) {
        const f = c.finals[0];
        if (f?.type !== 'charge.settled') continue;
        if (http.handles(String(f.data.merchantId))) overHttp++;
        else overKafka++;
      }
      const figures = http.figures();
      settledOver = { http: overHttp, kafka: overKafka, http_: figures };
      extraChecks.push({
        name: 'HTTP settlement: every request answered (200 final or 202 pending)',
        ok: figures.failed === 0 && figures.charges > 0,
        detail: `${figures.final + figures.pending} of ${figures.charges} charge requests, ${figures.failed} failed${figures.errors.length ? `; ${figures.errors[0]}` : ''}`,
      });
    }
    let merchantDayReport: MerchantDayReport | undefined;
    if (opts.merchantDay) {
      const days = [...merchantDays(tracker, (m) => m.startsWith(prefix)).values()];
      merchantDayReport = await runMerchantDayChecks(opts.apiUrl, signing, days, {
        csvMerchants: 5,
        concurrency: 8,
      });
      extraChecks.push(...merchantDayChecks(merchantDayReport));
    }
    let statementReport: StatementReport | undefined;
    if (opts.statements > 0) {
      // Holders whose relatives drew on them, and those who paid contributions, first.
      const paying = new Set(
        (seasonReport?.paidContributionIds ?? []).map((id) => season?.holderOf(id)).filter((x): x is string => !!x),
      );
      const holders = [...new Set([...paying, ...bindingsOf(population).map((b) => b.holderId)])].slice(
        0,
        opts.statements,
      );
      statementReport = await checkHolderStatements(opts.apiUrl, signing, api, holders, new Date());
      extraChecks.push(...statementChecks(statementReport));
    }
    const checks = [
      ...eventChecks(summary, registration.failures.length, { undelivered, resent: producer.resent }),
      ...(deadLetterReport && runner.counters.poisonSent > 0 ? deadLetterChecks(deadLetterReport) : []),
      ...(await checkInvariants(db, {
        personIds: population.persons.map((p) => p.personId),
        journalEntriesAfter: journalBaseline,
        charges: { idPrefix: prefix, expected: summary.charges },
      })),
      ...extraChecks,
    ];
    const resilience = {
      produced: producer.sent,
      resent: producer.resent,
      failedAttempts: producer.errors,
      undelivered,
      tailRestarts: tail.restarts() + (dlqTail?.restarts() ?? 0),
      dbRetries: db.retries,
      dbIdleClientErrors: db.idleClientErrors,
    };
    const employees = employeesOf(population).length;
    console.log(
      renderReport(
        {
          runId,
          seed: opts.seed,
          rate: opts.rate,
          durationS: Math.round(runner.sendingSeconds),
          population: {
            persons: population.persons.length,
            families: population.families.length,
            employees,
            bindings: registration.bindingIds.size,
            merchants: population.merchants.length,
          },
          registration: {
            requests: registration.requests,
            failures: registration.failures.length,
            seconds: registration.seconds,
          },
          resilience,
          deadLetters: deadLetterReport,
          extraSections: renderExtras({
            season: seasonReport,
            routing,
            settledOver,
            merchantDay: merchantDayReport,
            statements: statementReport,
          }),
        },
        summary,
        checks,
      ),
    );
    if (opts.jsonOut) {
      writeFileSync(
        opts.jsonOut,
        JSON.stringify(
          {
            runId,
            options: { ...opts, jwtSecret: undefined },
            summary,
            checks,
            resilience,
            deadLetters: deadLetterReport ?? null,
            season: seasonReport ?? null,
            routing: routing ?? null,
            settledOver: settledOver ?? null,
            merchantDay: merchantDayReport ?? null,
            statements: statementReport ?? null,
            problemCharges: problemCharges(tracker, runner.plannedAt),
            problemReversals: problemReversals(tracker),
          },
          (_k, v) => (typeof v === 'bigint' ? Number(v) : v),
          2,
        ),
      );
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    timeline?.close();
    await db.end().catch(() => undefined);
  }
}

/**
 * Charges without exactly one final outcome, with when each was planned and produced (ms since
 * the epoch) and what was seen of it, so a fault drill can tell which fault each one met and
 * trace it. At most 5000.
 */
function problemCharges(tracker: OutcomeTracker, plannedAt: ReadonlyMap<string, number>): ProblemCharge[] {
  const out: ProblemCharge[] = [];
  for (const c of tracker.charges.values()) {
    if (c.finals.length === 1) continue;
    out.push({
      chargeId: c.chargeId,
      plannedAtMs: plannedAt.get(c.chargeId) ?? null,
      // The tracker's clock is monotonic: as epoch ms, like plannedAt.
      producedAtMs: c.producedAt === null ? null : Math.round(Date.now() - (monotonicMs() - c.producedAt)),
      finals: c.finals.map((e) => (e.type === 'charge.rejected' ? `rejected ${reasonCode(e)}` : 'settled')),
      answers: c.answers.length,
      authorizationRequested: c.authorization !== null,
      reversals: c.reversals.map((r) => `${r.reversalId} (was ${r.originalStatus})`),
      droppedAsForeign: c.foreign,
    });
    if (out.length >= 5000) break;
  }
  return out;
}

interface ProblemCharge {
  chargeId: string;
  plannedAtMs: number | null;
  producedAtMs: number | null;
  finals: string[];
  answers: number;
  authorizationRequested: boolean;
  reversals: string[];
  droppedAsForeign: string[];
}

/** Reversals without exactly one answer, with the answers (at most 1000). */
function problemReversals(tracker: OutcomeTracker): { reversalId: string; chargeId: string; answers: string[] }[] {
  const out: { reversalId: string; chargeId: string; answers: string[] }[] = [];
  for (const r of tracker.reversals.values()) {
    if (r.outcomes.length === 1) continue;
    out.push({
      reversalId: r.reversalId,
      chargeId: r.chargeId,
      answers: r.outcomes.map(({ id, outcome: o }) =>
        o.type === 'charge.reversed' ? `${id} reversed (was ${o.originalStatus})` : `${id} rejected ${o.code}`,
      ),
    });
    if (out.length >= 1000) break;
  }
  return out;
}

/**
 * The --timeline file: buckets appended once a second once they have ended, the rest at close. An
 * outcome read late (bucketed by its Kafka timestamp) appends its bucket again; readers merge them.
 */
class TimelineFile {
  private readonly timeline = new OutcomeTimeline();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly path: string) {
    writeFileSync(path, '');
    this.timer = setInterval(() => this.flush(Date.now() - 500), 1000);
  }

  record(epochMs: number, partition: number, lagMs: number): void {
    this.timeline.record(epochMs, partition, lagMs);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.flush(Infinity);
  }

  private flush(beforeMs: number): void {
    const buckets = this.timeline.take(beforeMs);
    if (buckets.length) appendFileSync(this.path, formatBuckets(buckets));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function parseEvent(text: string): SettlementEvent | null {
  try {
    const e = JSON.parse(text) as Partial<SettlementEvent>;
    if (
      typeof e.id !== 'string' ||
      typeof e.type !== 'string' ||
      typeof e.subject !== 'string' ||
      typeof e.data !== 'object'
    )
      return null;
    return e as SettlementEvent;
  } catch {
    return null;
  }
}

function describePopulation(p: Population): string {
  const byGroup = new Map<string, number>();
  for (const f of p.families) byGroup.set(f.regionCode.slice(0, 2), (byGroup.get(f.regionCode.slice(0, 2)) ?? 0) + 1);
  const groups = [...byGroup].sort((a, b) => b[1] - a[1]).map(([prov, n]) => `${prov}xxxx ${n}`);
  return (
    `population (seed ${p.seed}, run ${p.runId}): ${p.persons.length} persons in ${p.families.length} families ` +
    `(${employeesOf(p).length} employee-insured), ${bindingsOf(p).length} bindings planned, ${p.merchants.length} merchants; ` +
    `families by province: ${groups.join(', ')}`
  );
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('pos-simulator failed:', err);
    process.exit(2);
  },
);
