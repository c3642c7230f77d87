import { Rng, hashString, mulberry32 } from './prng';

describe('Rng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const c = mulberry32(2);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('forks independent, stable streams by label', () => {
    const r = new Rng(9);
    expect(r.fork('x').int(0, 1e9)).toBe(new Rng(9).fork('x').int(0, 1e9));
    expect(r.fork('x').int(0, 1e9)).not.toBe(r.fork('y').int(0, 1e9));
    expect(hashString('abc')).toBe(hashString('abc'));
  });

  it('draws integers within bounds, weighted choices by weight, log-spread amounts', () => {
    const r = new Rng(3);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) {
      const v = r.int(2, 5);
      expect(v >= 2 && v <= 5 && Number.isInteger(v)).toBe(true);
      counts[
        r.weighted([
          ['a', 1],
          ['b', 3],
        ] as const)
      ]++;
      const l = r.logInt(100, 10_000);
      expect(l >= 100 && l <= 10_000).toBe(true);
    }
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
    expect(r.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
  });
});
