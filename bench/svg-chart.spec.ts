import { logTicks, renderChart } from './svg-chart';

describe('chart axes', () => {
  it('puts log ticks at 1, 2, 5 x 10^k', () => {
    expect(logTicks(70, 11_000)).toEqual([100, 200, 500, 1000, 2000, 5000, 10_000]);
  });
});

describe('renderChart', () => {
  it('draws both panels with a point per step, the ceilings and the target as well-formed SVG', () => {
    const svg = renderChart({
      title: 'Gongji <bench>',
      series: [
        {
          name: 'batched',
          drainPerS: 3000,
          points: [
            { offeredPerS: 250, achievedPerS: 249, p50: 10, p95: 20, p99: 30, saturated: false },
            { offeredPerS: 4000, achievedPerS: 2500, p50: 900, p95: 1500, p99: 2000, saturated: true },
          ],
        },
      ],
      ceilings: [{ name: 'Kafka', perS: 40_000 }],
      latencyTarget: { ms: 50, atPerS: 1000 },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Gongji &lt;bench&gt;');
    expect((svg.match(/<circle /g) ?? []).length).toBe(3); // 2 points + the legend's marker
    expect(svg).toContain('Kafka: 40000/s');
    expect(svg).toContain('target p99');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
