/**
 * The POS simulator: registers a synthetic insured population through the HTTP API, plays
 * pharmacy and clinic terminals and holders against Kafka at a chosen rate, and checks that every
 * charge got exactly one final outcome and that the ledger's invariants hold in PostgreSQL.
 * Exits 0 when every check passes, 1 when one fails, 2 on bad usage or when it cannot run.
 *
 *   npx tsx apps/pos-simulator/src/main.ts --seed 42 --rate 200 --duration 60 --population 1500
 */
import { writeFileSync } from 'node:fs';
import { Pool } from 'pg';
import { ApiClient } from './api-client';
import { bureauToken } from './bureau-token';
import { USAGE, UsageError, newRunId, parseOptions, type SimulatorOptions } from './cli-options';
import { checkInvariants, lastJournalEntryId } from './invariants';
import { BatchingProducer, createKafka, fastForwardGroup, tailFromEnd } from './kafka-io';
import { INBOUND_TOPICS, TOPICS } from './messages';
import { OutcomeTracker, unknownToAnotherInstance, type SettlementEvent } from './outcome-tracker';
import { resolveAgainstOutbox } from './own-events';
import { generatePopulation } from './population';
import { bindingsOf, employeesOf, type Population } from './population-model';
import { progressBar } from './progress';
import { registerPopulation, registrationRequests } from './registration';
import { summarize } from './run-summary';
import { eventChecks, renderReport } from './summary-report';
import { TrafficRunner } from './traffic';
import { DEFAULT_MIX, PopulationIndex } from './traffic-plan';
import { waitForHealth } from './wait-for-health';

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
    console.error(`pos-simulator: the service at ${opts.apiUrl} is not healthy (GET /health)`);
    return 2;
  }
  const api = new ApiClient(opts.apiUrl, bureauToken(opts.jwtSecret));
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

  const db = new Pool({ connectionString: opts.databaseUrl, max: 2 });
  const kafka = createKafka(opts.brokers, `pos-simulator-${runId}`);
  try {
    const journalBaseline = await lastJournalEntryId(db);
    // Other service instances on the same broker answer this run's charges too: not ours to count.
    const tracker = new OutcomeTracker({
      isForeign: unknownToAnotherInstance(
        new Set(population.merchants.map((m) => m.merchantId)),
        new Set(population.persons.map((p) => p.personId)),
      ),
    });
    const producer = await BatchingProducer.connect(kafka);
    const runner = new TrafficRunner(new PopulationIndex(population), producer, tracker, opts.seed, {
      rate: opts.rate,
      durationS: opts.durationS,
      drainTimeoutS: opts.drainTimeoutS,
      maxWaitS: opts.maxWaitS,
      mix: DEFAULT_MIX,
    });
    const prefix = `${runId}-`;
    const tail = await tailFromEnd(kafka, TOPICS.settlementEvents, `pos-simulator-${runId}`, (messages, at) => {
      for (const m of messages) {
        const text = m.value?.toString() ?? '';
        if (!text.includes(prefix)) continue; // another run's or a test's event
        const event = parseEvent(text);
        if (!event) continue;
        const notice = tracker.ingest(event, at);
        if (notice) runner.onNotice(notice);
      }
    });

    const bar = progressBar(
      'traffic  |{bar}| {value}/{total} charges | {finals} final | {holders} awaiting holders | {phase} | {duration}s',
      opts.progress,
    );
    bar?.start(runner.planned, 0, { finals: 0, holders: 0, phase: 'sending' });
    await runner.run((p) => bar?.update(p.produced, { finals: p.finals, holders: p.awaitingHolders, phase: p.phase }));
    bar?.stop();
    await tail.stop();
    await producer.close();
    await resolveAgainstOutbox(db, tracker);

    const summary = summarize(tracker, runner.counters);
    const checks = [
      ...eventChecks(summary, registration.failures.length, producer.errors),
      ...(await checkInvariants(db, {
        personIds: population.persons.map((p) => p.personId),
        journalEntriesAfter: journalBaseline,
        charges: { idPrefix: prefix, expected: summary.charges },
      })),
    ];
    const employees = employeesOf(population).length;
    console.log(
      renderReport(
        {
          runId,
          seed: opts.seed,
          rate: opts.rate,
          durationS: opts.durationS,
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
        },
        summary,
        checks,
      ),
    );
    if (opts.jsonOut) {
      writeFileSync(
        opts.jsonOut,
        JSON.stringify(
          { runId, options: { ...opts, jwtSecret: undefined }, summary, checks },
          (_k, v) => (typeof v === 'bigint' ? Number(v) : v),
          2,
        ),
      );
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await db.end().catch(() => undefined);
  }
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
