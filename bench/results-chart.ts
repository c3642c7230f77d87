/**
 * The chart of a bench results file. run-bench.ts writes latest.svg with it; it also re-draws
 * any results file: `npx tsx bench/results-chart.ts bench/results/<timestamp>.json out.svg`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderChart, type ChartData } from './svg-chart';

interface ResultsForChart {
  startedAt: string;
  machine: { cpus: number };
  settings: { batchSize: number };
  configurations: {
    name: string;
    saturation: { chargesPerS: number };
    steps: {
      offeredPerS: number | null;
      achievedPerS: number;
      saturated: boolean;
      latencyMs: { p50: number | null; p95: number | null; p99: number | null };
    }[];
  }[];
  ceilings: { kafkaPassthrough: { messagesPerS: number }; settlementProcessor: { chargesPerS: number }[] };
}

const finite = (v: number | null): number => (v === null ? NaN : v);

export function chartFromResults(r: ResultsForChart): ChartData {
  return {
    title: `Gongji settlement, end to end on ${r.machine.cpus} cores (${r.startedAt.slice(0, 16)}Z)`,
    series: r.configurations.map((c) => ({
      name: c.name,
      drainPerS: c.saturation.chargesPerS,
      points: c.steps
        .filter((s) => s.offeredPerS !== null)
        .map((s) => ({
          offeredPerS: s.offeredPerS as number,
          achievedPerS: s.achievedPerS,
          p50: finite(s.latencyMs.p50),
          p95: finite(s.latencyMs.p95),
          p99: finite(s.latencyMs.p99),
          saturated: s.saturated,
        })),
    })),
    ceilings: [
      { name: 'Kafka pass-through alone', perS: r.ceilings.kafkaPassthrough.messagesPerS },
      {
        name: `SettlementProcessor alone (${r.settings.batchSize}/tx)`,
        perS: r.ceilings.settlementProcessor[0].chargesPerS,
      },
    ],
    latencyTarget: { ms: 50, atPerS: 1000 },
  };
}

if (require.main === module) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: tsx bench/results-chart.ts <results.json> <out.svg>');
    process.exit(2);
  }
  writeFileSync(output, renderChart(chartFromResults(JSON.parse(readFileSync(input, 'utf8')) as ResultsForChart)));
}
