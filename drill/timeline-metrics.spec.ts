import type { TimelineBucket } from '../apps/pos-simulator/src/outcome-timeline';
import {
  activePartitions,
  answersPerSecond,
  longestGap,
  maxLagIn,
  resumption,
  stallsIn,
  steadyGapMs,
} from './timeline-metrics';

const T0 = 1_764_000_000_000;
/** A bucket at T0 + ms with these per-partition counts. */
const b = (ms: number, p: Record<string, number>): TimelineBucket => ({
  t: T0 + ms,
  n: Object.values(p).reduce((s, n) => s + n, 0),
  p,
});

describe('longestGap', () => {
  it('measures from the end of one non-empty bucket to the start of the next', () => {
    expect(longestGap([T0, T0 + 100, T0 + 1500, T0 + 1600], T0, T0 + 1700)).toEqual({ ms: 1300, fromMs: T0 + 200 });
  });

  it('counts the time from the window start to the first answer, and from the last answer to its end', () => {
    expect(longestGap([T0 + 3000], T0, T0 + 3500)).toEqual({ ms: 3000, fromMs: T0 });
    expect(longestGap([T0], T0, T0 + 5000)).toEqual({ ms: 4900, fromMs: T0 + 100 });
    expect(longestGap([], T0, T0 + 2000)).toEqual({ ms: 2000, fromMs: T0 });
  });

  it('ignores buckets outside the window; a bucket straddling its start counts', () => {
    expect(longestGap([T0 - 1000, T0 - 50, T0 + 400, T0 + 9000], T0, T0 + 500)).toEqual({
      ms: 350,
      fromMs: T0 + 50,
    });
  });
});

describe('stallsIn', () => {
  it('finds the longest stall overall and the partition that stalled longest', () => {
    // partition 1 answers throughout; partition 2 stops between 1 s and 6 s
    const buckets = Array.from({ length: 80 }, (_, i) => b(i * 100, i >= 10 && i < 60 ? { 1: 1 } : { 1: 1, 2: 1 }));
    const s = stallsIn(buckets, T0, T0 + 8000, ['1', '2']);
    expect(s.overall.ms).toBe(0);
    expect(s.worstPartition).toEqual({ ms: 5000, fromMs: T0 + 1000, partition: '2' });
  });
});

describe('resumption', () => {
  const partitions = ['0', '1', '2'];
  const o = { maxGapMs: 1500, sustainMs: 3000 };
  /** Buckets every 200 ms from `fromMs` to `toMs` on these partitions. */
  const steady = (fromMs: number, toMs: number, ps: string[]) =>
    Array.from({ length: Math.floor((toMs - fromMs) / 200) }, (_, i) =>
      b(fromMs + i * 200, Object.fromEntries(ps.map((p) => [p, 1]))),
    );

  it('is the time until every partition answered steadily again after the fault healed', () => {
    const buckets = [...steady(5000, 20_000, ['0']), ...steady(7000, 20_000, ['1']), ...steady(9000, 20_000, ['2'])];
    expect(resumption(buckets, T0 + 4000, T0 + 20_000, partitions, o)).toEqual({
      firstAnswerMs: 1000,
      allPartitionsMs: 5000,
      silentPartitions: [],
    });
  });

  it('does not count a few stale answers followed by silence (an instance dead, its partitions not taken over)', () => {
    const buckets = [
      ...steady(0, 30_000, ['0', '1']),
      b(4100, { 2: 3 }), // committed before the kill, relayed just after it
      ...steady(25_000, 30_000, ['2']), // taken over 21 s later
    ];
    const r = resumption(buckets, T0 + 4000, T0 + 30_000, partitions, o);
    expect(r.firstAnswerMs).toBe(0);
    expect(r.allPartitionsMs).toBe(21_000);
  });

  it('names the partitions still silent when the window ends', () => {
    const buckets = steady(5000, 8000, ['0', '1']);
    expect(resumption(buckets, T0 + 4000, T0 + 8000, partitions, o)).toEqual({
      firstAnswerMs: 1000,
      allPartitionsMs: null,
      silentPartitions: ['2'],
    });
  });

  it('accepts a steady run cut short by the end of a closed window, not of an open one', () => {
    const buckets = steady(5000, 6000, ['0', '1', '2']);
    expect(resumption(buckets, T0 + 4000, T0 + 6000, partitions, o).allPartitionsMs).toBe(1000);
    expect(resumption(buckets, T0 + 4000, T0 + 6000, partitions, { ...o, windowClosed: false }).allPartitionsMs).toBe(
      null,
    );
  });

  it('counts answers going on through the moment the fault healed as immediate', () => {
    const buckets = steady(0, 10_000, partitions);
    expect(resumption(buckets, T0 + 4050, T0 + 10_000, partitions, o).allPartitionsMs).toBe(0);
  });
});

describe('steadyGapMs', () => {
  it('allows about 16 answers of a partition, at least 1.5 s', () => {
    expect(steadyGapMs(300, 12)).toBe(1500);
    expect(steadyGapMs(100, 12)).toBe(1920);
    expect(steadyGapMs(12, 12)).toBe(16_000);
  });
});

describe('activePartitions and answersPerSecond', () => {
  const buckets = [b(100, { 3: 2 }), b(900, { 11: 1 }), b(1500, { 3: 4 }), b(4100, { 5: 1 })];

  it('lists the partitions that answered in a window, in numeric order', () => {
    expect(activePartitions(buckets, T0, T0 + 2000)).toEqual(['3', '11']);
  });

  it('sums answers per second of the run', () => {
    expect(answersPerSecond(buckets, T0, T0 + 5000)).toEqual([3, 4, 0, 0, 1]);
  });
});

describe('maxLagIn', () => {
  it('is the longest wait on the topic of an outcome received in the window', () => {
    const buckets = [
      { t: T0, n: 1, p: { 0: 1 }, l: 30 },
      { t: T0 + 1000, n: 1, p: { 0: 1 }, l: 4200 },
      { t: T0 + 5000, n: 1, p: { 0: 1 }, l: 9000 },
      { t: T0 + 6000, n: 1, p: { 0: 1 } },
    ];
    expect(maxLagIn(buckets, T0, T0 + 5000)).toBe(4200);
    expect(maxLagIn(buckets, T0 + 6000, T0 + 7000)).toBeNull();
  });
});
