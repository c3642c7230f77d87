/**
 * Stalls and resumption, computed from the simulator's outcome timeline (final outcomes per 100 ms
 * bucket of the time the broker appended them, in total and per partition of settlement.events.v1):
 * when the service answered, whatever its reader's own delay. Pure.
 *
 * A stall is a stretch of time with no final outcome published: measured between the end of one
 * non-empty bucket and the start of the next (so to within 100-200 ms, never over). Settlement has
 * resumed after a fault once every partition that carried answers before it carries one again: a
 * service that answers again on half of its partitions (one instance of two dead, its partitions
 * not yet taken over) has not resumed.
 */
import type { TimelineBucket } from '../apps/pos-simulator/src/outcome-timeline';

export const BUCKET_MS = 100;

export interface Gap {
  readonly ms: number;
  /** When the gap began (ms since the epoch). */
  readonly fromMs: number;
}

/** Longest time in [fromMs, toMs) without an answer, given the sorted starts of non-empty buckets. */
export function longestGap(bucketStarts: readonly number[], fromMs: number, toMs: number, bucketMs = BUCKET_MS): Gap {
  let prevEnd = fromMs;
  let best: Gap = { ms: 0, fromMs };
  for (const t of bucketStarts) {
    if (t + bucketMs <= fromMs) continue;
    if (t >= toMs) break;
    const gap = t - prevEnd;
    if (gap > best.ms) best = { ms: gap, fromMs: prevEnd };
    prevEnd = Math.max(prevEnd, t + bucketMs);
  }
  const tail = toMs - prevEnd;
  if (tail > best.ms) best = { ms: tail, fromMs: prevEnd };
  return best;
}

/** Partitions with at least one answer in [fromMs, toMs). */
export function activePartitions(buckets: readonly TimelineBucket[], fromMs: number, toMs: number): string[] {
  const seen = new Set<string>();
  for (const b of buckets) {
    if (b.t < fromMs || b.t >= toMs) continue;
    for (const [p, n] of Object.entries(b.p)) if (n > 0) seen.add(p);
  }
  return [...seen].sort((a, b) => Number(a) - Number(b));
}

export interface StallFigures {
  /** Longest time with no final outcome arriving at all. */
  readonly overall: Gap;
  /** Longest such time on one partition, and which. */
  readonly worstPartition: Gap & { readonly partition: string | null };
}

/** The stalls in [fromMs, toMs), overall and on each of `partitions`. */
export function stallsIn(
  buckets: readonly TimelineBucket[],
  fromMs: number,
  toMs: number,
  partitions: readonly string[],
): StallFigures {
  const overall = longestGap(
    buckets.filter((b) => b.n > 0).map((b) => b.t),
    fromMs,
    toMs,
  );
  let worst: Gap & { partition: string | null } = { ms: 0, fromMs, partition: null };
  for (const p of partitions) {
    const g = longestGap(
      buckets.filter((b) => (b.p[p] ?? 0) > 0).map((b) => b.t),
      fromMs,
      toMs,
    );
    if (g.ms > worst.ms) worst = { ...g, partition: p };
  }
  return { overall, worstPartition: worst };
}

export interface Resumption {
  /** From `fromMs` to the first answer at or after it (null: none before `toMs`). */
  readonly firstAnswerMs: number | null;
  /** From `fromMs` until every partition in `partitions` answered steadily again (null: not before `toMs`). */
  readonly allPartitionsMs: number | null;
  /** Partitions that did not answer steadily again in [fromMs, toMs). */
  readonly silentPartitions: string[];
}

export interface ResumptionOptions {
  /** Longest gap between answers that still counts as answering steadily (the rate's jitter). */
  readonly maxGapMs: number;
  /** How long a partition must answer steadily to count as resumed (a few stale answers do not). */
  readonly sustainMs: number;
  /** Whether `toMs` ends the window (a steady run reaching it counts even if shorter than sustainMs). */
  readonly windowClosed?: boolean;
  readonly bucketMs?: number;
}

/** When, from the sorted starts of a partition's non-empty buckets, it answered steadily again at or after `fromMs`. */
export function steadyAgainAt(
  starts: readonly number[],
  fromMs: number,
  toMs: number,
  o: ResumptionOptions,
): number | null {
  const bucketMs = o.bucketMs ?? BUCKET_MS;
  const t = starts.filter((x) => x + bucketMs > fromMs && x < toMs);
  for (let i = 0; i < t.length;) {
    let j = i;
    while (j + 1 < t.length && t[j + 1] - (t[j] + bucketMs) <= o.maxGapMs) j++;
    const runEnd = t[j] + bucketMs;
    const reachesEnd = (o.windowClosed ?? true) && j === t.length - 1 && toMs - runEnd <= o.maxGapMs;
    if (runEnd - t[i] >= o.sustainMs || reachesEnd) return Math.max(fromMs, t[i]);
    i = j + 1;
  }
  return null;
}

/**
 * How long after `fromMs` (a fault healed) answers came again: the first at all, and until every
 * partition answered steadily (gaps at most `maxGapMs`, for at least `sustainMs`): a partition
 * whose last committed answers trickle out just after the fault and then falls silent has not
 * resumed.
 */
export function resumption(
  buckets: readonly TimelineBucket[],
  fromMs: number,
  toMs: number,
  partitions: readonly string[],
  o: ResumptionOptions,
): Resumption {
  const bucketMs = o.bucketMs ?? BUCKET_MS;
  let firstAnswerMs: number | null = null;
  const starts = new Map<string, number[]>(partitions.map((p) => [p, []]));
  for (const b of buckets) {
    if (b.t + bucketMs <= fromMs || b.t >= toMs || b.n === 0) continue;
    const after = Math.max(0, b.t - fromMs);
    if (firstAnswerMs === null || after < firstAnswerMs) firstAnswerMs = after;
    for (const [p, n] of Object.entries(b.p)) if (n > 0) starts.get(p)?.push(b.t);
  }
  const silentPartitions: string[] = [];
  let latest = 0;
  for (const p of partitions) {
    const at = steadyAgainAt(
      (starts.get(p) ?? []).sort((a, b) => a - b),
      fromMs,
      toMs,
      o,
    );
    if (at === null) silentPartitions.push(p);
    else latest = Math.max(latest, at - fromMs);
  }
  const allPartitionsMs = partitions.length === 0 ? firstAnswerMs : silentPartitions.length ? null : latest;
  return { firstAnswerMs, allPartitionsMs, silentPartitions };
}

/** The gap that still counts as steady for a partition at this rate: about 16 answers' worth, at least 1.5 s. */
export function steadyGapMs(ratePerS: number, partitions: number): number {
  const perPartition = ratePerS / Math.max(1, partitions);
  return Math.max(1500, Math.round((16 / Math.max(perPartition, 0.01)) * 1000));
}

/** Final outcomes received per second from `startMs` (second i covers [start + i s, start + i + 1 s)). */
export function answersPerSecond(buckets: readonly TimelineBucket[], startMs: number, endMs: number): number[] {
  const seconds = Math.max(0, Math.ceil((endMs - startMs) / 1000));
  const out = new Array<number>(seconds).fill(0);
  for (const b of buckets) {
    const i = Math.floor((b.t - startMs) / 1000);
    if (i >= 0 && i < seconds) out[i] += b.n;
  }
  return out;
}

/**
 * The longest an outcome received in [fromMs, toMs) had waited on the topic before the simulator
 * read it (its consumer's own share of a delay), ms; null when the timeline does not say.
 */
export function maxLagIn(buckets: readonly TimelineBucket[], fromMs: number, toMs: number): number | null {
  let max: number | null = null;
  for (const b of buckets) {
    if (b.t < fromMs || b.t >= toMs || b.l === undefined) continue;
    max = Math.max(max ?? 0, b.l);
  }
  return max;
}
