/**
 * The bench chart as hand-written SVG (no chart library): throughput against offered load, and
 * latency percentiles against offered load, one series per configuration, with the ceilings of
 * the parts as horizontal lines. Pure: data in, SVG text out.
 */

export interface ChartPoint {
  readonly offeredPerS: number;
  readonly achievedPerS: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly saturated: boolean;
}

export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
  /** Drain rate of a pre-loaded backlog, drawn as a dotted horizontal line. */
  readonly drainPerS: number | null;
}

export interface ChartData {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  readonly ceilings: readonly { readonly name: string; readonly perS: number }[];
  /** Latency target, e.g. p99 <= 50 ms at 1000/s. */
  readonly latencyTarget?: { readonly ms: number; readonly atPerS: number };
}

const W = 1000;
const H = 490;
const PANEL = { w: 400, h: 320, top: 70 };
const LEFT = [80, 580];
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const PCT_STYLE: Record<'p50' | 'p95' | 'p99', string> = { p50: '', p95: '6 3', p99: '2 3' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const r1 = (v: number) => Math.round(v * 10) / 10;

/** Ticks at 1, 2, 5 x 10^k within [lo, hi]. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  return out;
}

function label(v: number): string {
  if (v >= 1000) return `${r1(v / 1000)}k`;
  return String(r1(v));
}

export function renderChart(d: ChartData): string {
  const points = d.series.flatMap((s) => s.points);
  const offered = points.map((p) => p.offeredPerS).filter((v) => v > 0);
  const xLo = offered.length ? Math.min(...offered) / 1.4 : 100;
  const xHi = offered.length ? Math.max(...offered) * 1.4 : 10_000;
  const xLog = (left: number) => (v: number) =>
    left + ((Math.log10(v) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo))) * PANEL.w;

  // Throughput on a log scale too: the Kafka ceiling is often ten times the rest.
  const tValues = [
    ...points.map((p) => p.achievedPerS),
    ...offered,
    ...d.ceilings.map((c) => c.perS),
    ...d.series.map((s) => s.drainPerS ?? 0),
  ].filter((v) => v > 0);
  const yLoT = tValues.length ? Math.min(...tValues) / 1.5 : 10;
  const yHiT = tValues.length ? Math.max(...tValues) * 1.5 : 10_000;
  const yT = (v: number) =>
    PANEL.top +
    PANEL.h -
    ((Math.log10(Math.max(v, yLoT)) - Math.log10(yLoT)) / (Math.log10(yHiT) - Math.log10(yLoT))) * PANEL.h;

  const lat = points.flatMap((p) => [p.p50, p.p95, p.p99]).filter((v) => Number.isFinite(v) && v > 0);
  const yLoL = lat.length ? Math.max(0.5, Math.min(...lat) / 1.5) : 1;
  const yHiL = lat.length ? Math.max(...lat, d.latencyTarget?.ms ?? 0) * 1.5 : 1000;
  const yL = (v: number) =>
    PANEL.top +
    PANEL.h -
    ((Math.log10(Math.max(v, yLoL)) - Math.log10(yLoL)) / (Math.log10(yHiL) - Math.log10(yLoL))) * PANEL.h;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(d.title)}</text>`);

  const frame = (left: number, title: string, yTicks: number[], y: (v: number) => number, yName: string) => {
    const x = xLog(left);
    out.push(
      `<text x="${left + PANEL.w / 2}" y="${PANEL.top - 12}" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`,
    );
    for (const t of logTicks(xLo, xHi)) {
      out.push(`<line x1="${r1(x(t))}" y1="${PANEL.top}" x2="${r1(x(t))}" y2="${PANEL.top + PANEL.h}" stroke="#eee"/>`);
      out.push(`<text x="${r1(x(t))}" y="${PANEL.top + PANEL.h + 16}" text-anchor="middle">${label(t)}</text>`);
    }
    for (const t of yTicks) {
      out.push(`<line x1="${left}" y1="${r1(y(t))}" x2="${left + PANEL.w}" y2="${r1(y(t))}" stroke="#eee"/>`);
      out.push(`<text x="${left - 6}" y="${r1(y(t)) + 4}" text-anchor="end">${label(t)}</text>`);
    }
    out.push(`<rect x="${left}" y="${PANEL.top}" width="${PANEL.w}" height="${PANEL.h}" fill="none" stroke="#333"/>`);
    out.push(
      `<text x="${left + PANEL.w / 2}" y="${PANEL.top + PANEL.h + 34}" text-anchor="middle">offered load (charges/s, log scale)</text>`,
    );
    out.push(
      `<text x="${left - 52}" y="${PANEL.top + PANEL.h / 2}" text-anchor="middle" transform="rotate(-90 ${left - 52} ${PANEL.top + PANEL.h / 2})">${esc(yName)}</text>`,
    );
    return x;
  };

  // Panel 1: throughput.
  const x1 = frame(LEFT[0], 'Throughput', logTicks(yLoT, yHiT), yT, 'answered charges/s (log scale)');
  const lo = Math.max(xLo, yLoT);
  const hi = Math.min(xHi, yHiT);
  out.push(
    `<line x1="${r1(x1(lo))}" y1="${r1(yT(lo))}" x2="${r1(x1(hi))}" y2="${r1(yT(hi))}" stroke="#999" stroke-dasharray="4 4"/>`,
  );
  for (const c of d.ceilings) {
    const y = r1(yT(c.perS));
    out.push(
      `<line x1="${LEFT[0]}" y1="${y}" x2="${LEFT[0] + PANEL.w}" y2="${y}" stroke="#555" stroke-dasharray="8 4"/>`,
    );
    out.push(
      `<text x="${LEFT[0] + PANEL.w - 4}" y="${y - 4}" text-anchor="end" fill="#555">${esc(`${c.name}: ${Math.round(c.perS)}/s`)}</text>`,
    );
  }
  d.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter((p) => p.offeredPerS > 0);
    if (pts.length) {
      out.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${r1(x1(p.offeredPerS))},${r1(yT(p.achievedPerS))}`).join(' ')}"/>`,
      );
    }
    for (const p of pts) {
      out.push(
        `<circle cx="${r1(x1(p.offeredPerS))}" cy="${r1(yT(p.achievedPerS))}" r="4" fill="${p.saturated ? '#fff' : color}" stroke="${color}" stroke-width="2"/>`,
      );
    }
    if (s.drainPerS !== null) {
      const y = r1(yT(s.drainPerS));
      out.push(
        `<line x1="${LEFT[0]}" y1="${y}" x2="${LEFT[0] + PANEL.w}" y2="${y}" stroke="${color}" stroke-dasharray="2 3"/>`,
      );
      out.push(
        `<text x="${LEFT[0] + 4}" y="${y + 14}" fill="${color}">${esc(`backlog drain: ${Math.round(s.drainPerS)}/s`)}</text>`,
      );
    }
  });

  // Panel 2: latency.
  const x2 = frame(LEFT[1], 'Latency (charge produced -> answer consumed)', logTicks(yLoL, yHiL), yL, 'ms (log scale)');
  if (d.latencyTarget) {
    const y = r1(yL(d.latencyTarget.ms));
    out.push(
      `<line x1="${LEFT[1]}" y1="${y}" x2="${LEFT[1] + PANEL.w}" y2="${y}" stroke="#d62728" stroke-dasharray="1 3"/>`,
    );
    out.push(
      `<text x="${LEFT[1] + 4}" y="${y - 4}" fill="#d62728">${esc(`target p99 <= ${d.latencyTarget.ms} ms at ${d.latencyTarget.atPerS}/s`)}</text>`,
    );
  }
  d.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter((p) => p.offeredPerS > 0);
    for (const pct of ['p50', 'p95', 'p99'] as const) {
      const xy = pts.filter((p) => Number.isFinite(p[pct])).map((p) => `${r1(x2(p.offeredPerS))},${r1(yL(p[pct]))}`);
      if (xy.length)
        out.push(
          `<polyline fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${PCT_STYLE[pct]}" points="${xy.join(' ')}"/>`,
        );
    }
  });

  // Legend: the series on one row, the marks on the next.
  let lx = 80;
  const row1 = H - 40;
  const row2 = H - 18;
  d.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    out.push(`<line x1="${lx}" y1="${row1}" x2="${lx + 24}" y2="${row1}" stroke="${color}" stroke-width="3"/>`);
    out.push(`<text x="${lx + 30}" y="${row1 + 4}">${esc(s.name)}</text>`);
    lx += 50 + s.name.length * 7;
  });
  lx = 80;
  out.push(
    `<circle cx="${lx + 6}" cy="${row2}" r="4" fill="#fff" stroke="#333" stroke-width="2"/><text x="${lx + 16}" y="${row2 + 4}">saturated (did not keep up)</text>`,
  );
  lx += 200;
  for (const pct of ['p50', 'p95', 'p99'] as const) {
    out.push(
      `<line x1="${lx}" y1="${row2}" x2="${lx + 24}" y2="${row2}" stroke="#333" stroke-width="2" stroke-dasharray="${PCT_STYLE[pct]}"/>`,
    );
    out.push(`<text x="${lx + 30}" y="${row2 + 4}">${pct}</text>`);
    lx += 70;
  }
  out.push(
    `<line x1="${lx}" y1="${row2}" x2="${lx + 24}" y2="${row2}" stroke="#999" stroke-dasharray="4 4"/><text x="${lx + 30}" y="${row2 + 4}">answered = offered</text>`,
  );
  lx += 170;
  out.push(
    `<line x1="${lx}" y1="${row2}" x2="${lx + 24}" y2="${row2}" stroke="#555" stroke-dasharray="8 4"/><text x="${lx + 30}" y="${row2 + 4}">ceiling of a part alone</text>`,
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}
