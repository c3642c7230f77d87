/** Latency percentiles by nearest rank: p-th percentile = the ceil(p/100 * n)-th smallest sample. */
export interface LatencyStats {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export const EMPTY_LATENCY: LatencyStats = { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };

export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return NaN;
  if (!(p > 0 && p <= 100)) throw new RangeError('percentile must be in (0, 100]');
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1];
}

export function latencyStats(samples: readonly number[]): LatencyStats {
  if (samples.length === 0) return EMPTY_LATENCY;
  const sorted = Float64Array.from(samples).sort();
  const arr = Array.from(sorted);
  let sum = 0;
  for (const v of arr) sum += v;
  return {
    count: arr.length,
    p50: percentile(arr, 50),
    p95: percentile(arr, 95),
    p99: percentile(arr, 99),
    max: arr[arr.length - 1],
    mean: sum / arr.length,
  };
}

/** "12.3" style rendering of milliseconds without toFixed (the lint keeps toFixed off money). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const tenths = Math.round(ms * 10);
  if (tenths >= 1000) return String(Math.round(ms));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}
