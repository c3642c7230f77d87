import { formatMs, latencyStats, percentile } from './latency-stats';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the ceil(p/100 * n)-th smallest sample', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([10, 20], 50)).toBe(10);
    expect(percentile([10, 20], 51)).toBe(20);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN without samples and refuses a percentile outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('latencyStats', () => {
  it('sorts numerically (not as strings) and reports p50/p95/p99/max/mean', () => {
    const samples = [100, 9, 80, 1000, 2, 50, 3, 7, 5, 4];
    const s = latencyStats(samples);
    expect(s.count).toBe(10);
    expect(s.p50).toBe(7);
    expect(s.p95).toBe(1000);
    expect(s.p99).toBe(1000);
    expect(s.max).toBe(1000);
    expect(s.mean).toBeCloseTo(126, 6);
  });

  it("does not reorder the caller's array", () => {
    const samples = [3, 1, 2];
    latencyStats(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('has NaN figures for no samples', () => {
    expect(latencyStats([]).count).toBe(0);
    expect(latencyStats([]).p99).toBeNaN();
  });
});

describe('formatMs', () => {
  it('shows tenths below 100 ms and whole milliseconds above', () => {
    expect(formatMs(12.34)).toBe('12.3');
    expect(formatMs(0.04)).toBe('0.0');
    expect(formatMs(99.96)).toBe('100');
    expect(formatMs(1234.5)).toBe('1235');
    expect(formatMs(NaN)).toBe('-');
  });
});
