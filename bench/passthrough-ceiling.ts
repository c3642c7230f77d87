/**
 * Ceiling of the Kafka part: how fast the pass-through worker (passthrough-worker.ts, a separate
 * process like the service) drains a pre-loaded backlog, and its round-trip latency at a paced
 * rate. Messages are real ChargeRequested bodies, keyed by patient like the terminals' charges.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import {
  ensureTopic,
  fastForwardGroup,
  monotonicMs,
  tailFromEnd,
  type BatchingProducer,
} from '../apps/pos-simulator/src/kafka-io';
import { latencyStats, type LatencyStats } from '../apps/pos-simulator/src/latency-stats';
import type { Rng } from '../apps/pos-simulator/src/prng';
import { PLAIN_MIX, planCharge, type PopulationIndex } from '../apps/pos-simulator/src/traffic-plan';
import { drainThroughput } from './step-metrics';

export const PASSTHROUGH_IN = 'bench.passthrough-in.v1';
export const PASSTHROUGH_OUT = 'bench.passthrough.v1';

export interface PassthroughResult {
  readonly preloaded: number;
  readonly forwarded: number;
  readonly messagesPerS: number;
  readonly drainSeconds: number;
  readonly pacedPerS: number;
  readonly pacedLatencyMs: LatencyStats;
}

export async function measurePassthrough(o: {
  repo: string;
  kafka: Kafka;
  brokers: readonly string[];
  producer: BatchingProducer;
  index: PopulationIndex;
  rng: Rng;
  runId: string;
  preload: number;
  pacedRate: number;
  pacedSeconds: number;
  log: (line: string) => void;
}): Promise<PassthroughResult> {
  await ensureTopic(o.kafka, PASSTHROUGH_IN, 3);
  await ensureTopic(o.kafka, PASSTHROUGH_OUT, 3);
  const group = `bench-passthrough-${o.runId}`;
  await fastForwardGroup(o.kafka, group, [PASSTHROUGH_IN]);

  const arrivals = new Map<string, number>();
  const expected = new Set<string>();
  const tail = await tailFromEnd(o.kafka, PASSTHROUGH_OUT, `bench-passthrough-tail-${o.runId}`, (messages, at) => {
    for (const m of messages) {
      const id =
        m.key === null
          ? null
          : m.value
              ?.subarray(0, 200)
              .toString()
              .match(/"chargeId":"([^"]+)"/)?.[1];
      if (id && expected.has(id) && !arrivals.has(id)) arrivals.set(id, at);
    }
  });

  // 1. Backlog first, then the worker: its drain rate is the ceiling.
  const sentAt = new Map<string, number>();
  let seq = 0;
  const send = (now: Date, mark: boolean) => {
    const { charge } = planCharge(o.index, o.rng, 10_000_000 + seq++, now, PLAIN_MIX);
    const id = charge.chargeId;
    expected.add(id);
    o.producer.send(
      PASSTHROUGH_IN,
      charge.patientId,
      JSON.stringify(charge),
      mark ? (at) => sentAt.set(id, at) : undefined,
    );
    return id;
  };
  const preloadIds: string[] = [];
  const now = new Date();
  for (let i = 0; i < o.preload; i++) {
    preloadIds.push(send(now, false));
    if (i % 2000 === 1999) await o.producer.drain();
  }
  await o.producer.drain();
  o.log(`passthrough: ${o.preload} messages pre-loaded into ${PASSTHROUGH_IN}; starting the worker`);

  const worker = spawn(join(o.repo, 'node_modules/.bin/tsx'), [join(o.repo, 'bench/passthrough-worker.ts')], {
    cwd: o.repo,
    env: { ...process.env, BROKERS: o.brokers.join(','), IN: PASSTHROUGH_IN, OUT: PASSTHROUGH_OUT, GROUP: group },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => worker.once('exit', () => r()));
  try {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && arrivals.size < preloadIds.length) await sleep(50);
    const drained = drainThroughput(
      preloadIds.map((id) => arrivals.get(id)).filter((t): t is number => t !== undefined),
    );
    o.log(`passthrough: drained ${arrivals.size} at ${Math.round(drained.perS)} msg/s`);

    // 2. Paced: the round trip through the broker twice, at a rate it easily keeps up with.
    const paced: string[] = [];
    const started = monotonicMs();
    const total = Math.round(o.pacedRate * o.pacedSeconds);
    while (paced.length < total) {
      const due = Math.min(total, Math.floor((o.pacedRate * (monotonicMs() - started)) / 1000));
      const at = new Date();
      while (paced.length < due) paced.push(send(at, true));
      await sleep(2);
    }
    await o.producer.drain();
    const pacedDeadline = Date.now() + 30_000;
    while (Date.now() < pacedDeadline && arrivals.size < preloadIds.length + paced.length) await sleep(50);
    const latencies = paced
      .filter((id) => arrivals.has(id) && sentAt.has(id))
      .map((id) => (arrivals.get(id) as number) - (sentAt.get(id) as number));
    const pacedSpan = drainThroughput(paced.map((id) => arrivals.get(id)).filter((t): t is number => t !== undefined));
    return {
      preloaded: o.preload,
      forwarded: preloadIds.filter((id) => arrivals.has(id)).length,
      messagesPerS: drained.perS,
      drainSeconds: drained.seconds,
      pacedPerS: pacedSpan.perS,
      pacedLatencyMs: latencyStats(latencies),
    };
  } finally {
    worker.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    await tail.stop();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
