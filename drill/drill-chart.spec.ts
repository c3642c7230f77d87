import { bursts, niceStep, renderDrillChart } from './drill-chart';

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(300)).toBe(100);
    expect(niceStep(360, 12)).toBe(50);
    expect(niceStep(7, 3)).toBe(5);
    expect(niceStep(0)).toBe(1);
  });
});

describe('renderDrillChart', () => {
  const svg = renderDrillChart({
    title: 'drill <short> & co',
    startMs: 1_000_000,
    answersPerS: [100, 98, 0, 0, 150, 101],
    offeredPerS: 100,
    backlog: [
      { t: 1_000_000, unsent: 0 },
      { t: 1_001_000, unsent: 40 },
      { t: 1_002_000, unsent: null },
      { t: 1_003_000, unsent: 120 },
      { t: 1_004_000, unsent: 3 },
    ],
    faults: [
      { label: 'broker', injectedAt: 1_001_500, healedAt: 1_003_500, pass: false },
      { label: 'pg-restart', injectedAt: 1_005_000, healedAt: 1_005_100, pass: true },
    ],
  });

  it('is one SVG document with the title escaped', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('drill &lt;short&gt; &amp; co');
  });

  it('shades each fault, red when it failed, and breaks the backlog line where the database did not answer', () => {
    expect(svg).toContain('#f7cfcf');
    expect(svg).toContain('>broker<');
    expect(svg).toContain('>pg-restart<');
    // two runs of backlog samples around the null one
    expect(svg.match(/polyline fill="none" stroke="#d62728"/g)?.length).toBe(2);
  });
});

describe('bursts', () => {
  it('groups seconds above the limit less than 5 s apart, each with its peak', () => {
    expect(bursts([100, 900, 2000, 100, 100, 800, 100, 100, 100, 100, 100, 100, 5000], 250)).toEqual([
      { at: 2, peak: 2000 },
      { at: 12, peak: 5000 },
    ]);
  });
});
