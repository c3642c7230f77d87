/**
 * The drill's chart as hand-written SVG (bench/svg-chart.ts draws throughput against offered load,
 * not against time): final outcomes per second over the run, and the outbox backlog below it, on
 * one time axis, each fault shaded from injection to healing (red when it failed its checks).
 * Pure: data in, SVG text out.
 */

export interface DrillChartFault {
  readonly label: string;
  readonly injectedAt: number;
  readonly healedAt: number;
  readonly pass: boolean;
}

export interface DrillChartData {
  readonly title: string;
  /** ms since the epoch of second 0. */
  readonly startMs: number;
  /** Final outcomes published in each second from startMs. */
  readonly answersPerS: readonly number[];
  /** The offered rate, drawn as a dotted line. */
  readonly offeredPerS: number;
  readonly backlog: readonly { readonly t: number; readonly unsent: number | null }[];
  readonly faults: readonly DrillChartFault[];
}

const W = 1200;
const LEFT = 80;
const PW = 1080;
const TOP1 = 60;
const H1 = 260;
const TOP2 = 380;
const H2 = 150;
const H = 600;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const r1 = (v: number) => Math.round(v * 10) / 10;

/** A round step giving about `n` ticks over [0, max]. */
export function niceStep(max: number, n = 5): number {
  if (max <= 0) return 1;
  const raw = max / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** Runs of seconds above `limit` (less than 5 s apart), each with its peak and the second of it. */
export function bursts(values: readonly number[], limit: number): { at: number; peak: number }[] {
  const out: { at: number; peak: number; last: number }[] = [];
  values.forEach((v, i) => {
    if (v <= limit) return;
    const cur = out[out.length - 1];
    if (cur && i - cur.last < 5) {
      cur.last = i;
      if (v > cur.peak) Object.assign(cur, { at: i, peak: v });
    } else out.push({ at: i, peak: v, last: i });
  });
  return out.map(({ at, peak }) => ({ at, peak }));
}

export function renderDrillChart(d: DrillChartData): string {
  const endMs = Math.max(
    d.startMs + d.answersPerS.length * 1000,
    ...d.backlog.map((s) => s.t),
    ...d.faults.map((f) => f.healedAt),
    d.startMs + 1000,
  );
  const spanS = (endMs - d.startMs) / 1000;
  const x = (ms: number) => LEFT + ((ms - d.startMs) / 1000 / spanS) * PW;
  // A backlog drained after a fault comes out in bursts many times the offered rate: the scale
  // stops at 2.5 times it, and a burst above is drawn at the top with its figure.
  const maxA = Math.max(Math.min(d.offeredPerS * 2.5, Math.max(...d.answersPerS, 0) * 1.1), d.offeredPerS * 1.2, 1);
  const yA = (v: number) => TOP1 + H1 - (Math.min(v, maxA) / maxA) * H1;
  const maxB = Math.max(10, ...d.backlog.map((s) => s.unsent ?? 0)) * 1.1;
  const yB = (v: number) => TOP2 + H2 - (v / maxB) * H2;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(d.title)}</text>`);

  // Fault spans across both panels, labelled at the top.
  d.faults.forEach((f, i) => {
    const x0 = r1(x(f.injectedAt));
    const x1 = r1(Math.max(x(f.healedAt), x(f.injectedAt) + 2));
    const fill = f.pass ? '#cfe3f7' : '#f7cfcf';
    for (const [top, h] of [
      [TOP1, H1],
      [TOP2, H2],
    ]) {
      out.push(`<rect x="${x0}" y="${top}" width="${r1(x1 - x0)}" height="${h}" fill="${fill}" opacity="0.8"/>`);
    }
    const ly = TOP1 + 12 + (i % 4) * 13;
    out.push(
      `<text x="${x0 + 2}" y="${ly}" font-size="10" fill="${f.pass ? '#1f4e79' : '#a00'}">${esc(f.label)}</text>`,
    );
  });

  // Panel 1: answers per second.
  const stepA = niceStep(maxA);
  for (let v = 0; v <= maxA; v += stepA) {
    out.push(`<line x1="${LEFT}" y1="${r1(yA(v))}" x2="${LEFT + PW}" y2="${r1(yA(v))}" stroke="#eee"/>`);
    out.push(`<text x="${LEFT - 6}" y="${r1(yA(v)) + 4}" text-anchor="end">${v}</text>`);
  }
  out.push(
    `<line x1="${LEFT}" y1="${r1(yA(d.offeredPerS))}" x2="${LEFT + PW}" y2="${r1(yA(d.offeredPerS))}" stroke="#999" stroke-dasharray="2 3"/>`,
  );
  out.push(
    `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${d.answersPerS
      .map((v, i) => `${r1(x(d.startMs + i * 1000 + 500))},${r1(yA(v))}`)
      .join(' ')}"/>`,
  );
  // One figure per burst (seconds above the scale less than 5 s apart), at least 40 px apart.
  let lastLabelX = -Infinity;
  for (const burst of bursts(d.answersPerS, maxA)) {
    const bx = x(d.startMs + burst.at * 1000 + 500);
    if (bx - lastLabelX < 40) continue;
    lastLabelX = bx;
    out.push(
      `<text x="${r1(bx)}" y="${TOP1 - 3}" text-anchor="middle" font-size="9" fill="#1f77b4">${burst.peak}/s</text>`,
    );
  }
  out.push(`<rect x="${LEFT}" y="${TOP1}" width="${PW}" height="${H1}" fill="none" stroke="#333"/>`);
  out.push(
    `<text x="${LEFT - 56}" y="${TOP1 + H1 / 2}" text-anchor="middle" transform="rotate(-90 ${LEFT - 56} ${TOP1 + H1 / 2})">final outcomes published / s</text>`,
  );

  // Panel 2: outbox backlog, with gaps where the database did not answer.
  const stepB = niceStep(maxB, 3);
  for (let v = 0; v <= maxB; v += stepB) {
    out.push(`<line x1="${LEFT}" y1="${r1(yB(v))}" x2="${LEFT + PW}" y2="${r1(yB(v))}" stroke="#eee"/>`);
    out.push(`<text x="${LEFT - 6}" y="${r1(yB(v)) + 4}" text-anchor="end">${v}</text>`);
  }
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1)
      out.push(`<polyline fill="none" stroke="#d62728" stroke-width="1.5" points="${run.join(' ')}"/>`);
    if (run.length === 1)
      out.push(`<circle cx="${run[0].split(',')[0]}" cy="${run[0].split(',')[1]}" r="1.5" fill="#d62728"/>`);
    run = [];
  };
  for (const s of d.backlog) {
    if (s.unsent === null) flush();
    else run.push(`${r1(x(s.t))},${r1(yB(s.unsent))}`);
  }
  flush();
  out.push(`<rect x="${LEFT}" y="${TOP2}" width="${PW}" height="${H2}" fill="none" stroke="#333"/>`);
  out.push(
    `<text x="${LEFT - 56}" y="${TOP2 + H2 / 2}" text-anchor="middle" transform="rotate(-90 ${LEFT - 56} ${TOP2 + H2 / 2})">outbox unsent</text>`,
  );

  // Time axis (seconds since the traffic started).
  const stepT = niceStep(spanS, 12);
  for (let s = 0; s <= spanS; s += stepT) {
    const xx = r1(x(d.startMs + s * 1000));
    out.push(`<line x1="${xx}" y1="${TOP2 + H2}" x2="${xx}" y2="${TOP2 + H2 + 4}" stroke="#333"/>`);
    out.push(`<text x="${xx}" y="${TOP2 + H2 + 16}" text-anchor="middle">${s}</text>`);
  }
  out.push(
    `<text x="${LEFT + PW / 2}" y="${TOP2 + H2 + 34}" text-anchor="middle">seconds since the traffic started</text>`,
  );
  const ly = H - 14;
  out.push(`<line x1="${LEFT}" y1="${ly}" x2="${LEFT + 24}" y2="${ly}" stroke="#1f77b4" stroke-width="2"/>`);
  out.push(`<text x="${LEFT + 30}" y="${ly + 4}">final outcomes / s</text>`);
  out.push(`<line x1="${LEFT + 170}" y1="${ly}" x2="${LEFT + 194}" y2="${ly}" stroke="#999" stroke-dasharray="2 3"/>`);
  out.push(`<text x="${LEFT + 200}" y="${ly + 4}">offered ${d.offeredPerS}/s</text>`);
  out.push(`<line x1="${LEFT + 320}" y1="${ly}" x2="${LEFT + 344}" y2="${ly}" stroke="#d62728" stroke-width="2"/>`);
  out.push(`<text x="${LEFT + 350}" y="${ly + 4}">outbox backlog (gaps: database not answering)</text>`);
  out.push(`<rect x="${LEFT + 640}" y="${ly - 6}" width="20" height="12" fill="#cfe3f7"/>`);
  out.push(`<text x="${LEFT + 666}" y="${ly + 4}">fault, injected to healed: passed</text>`);
  out.push(`<rect x="${LEFT + 860}" y="${ly - 6}" width="20" height="12" fill="#f7cfcf"/>`);
  out.push(`<text x="${LEFT + 886}" y="${ly + 4}">failed</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
