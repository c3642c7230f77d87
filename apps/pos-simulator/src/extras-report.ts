/** The summary's sections for the season, routing, the merchants' day and statements (plain text). */
import type { SeasonReport } from './collection-season';
import type { HttpSettlementFigures } from './http-settlement';
import { formatMs } from './latency-stats';
import type { MerchantDayReport } from './merchant-day-checks';
import type { RoutingReport } from './routing-check';
import type { StatementReport } from './holder-statements';

export interface ExtrasContext {
  readonly season?: SeasonReport;
  readonly routing?: RoutingReport;
  readonly settledOver?: { http: number; kafka: number; http_: HttpSettlementFigures | null };
  readonly merchantDay?: MerchantDayReport;
  readonly statements?: StatementReport;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const row = (label: string, value: string | number) => `  ${pad(label, 46)}${lpad(String(value), 16)}`;

export function renderExtras(x: ExtrasContext): string[] {
  const lines: string[] = [];
  const s = x.season;
  if (s) {
    lines.push("Collection season (relatives' contributions for next year)");
    lines.push(row('requests sent: Kafka / HTTP', `${s.sentKafka} / ${s.sentHttp}`));
    lines.push(row('contribution.paid', s.paid));
    const codes = Object.entries(s.rejectedByCode).sort((a, b) => b[1] - a[1]);
    lines.push(
      row(
        'contribution.rejected',
        codes.reduce((n, [, v]) => n + v, 0),
      ),
    );
    for (const [code, n] of codes) lines.push(row(`  ${code}`, n));
    // Relatives' charges drain the same accounts while the season runs.
    lines.push(row('  of them meant to be paid (balance spent)', s.paidButSpentMeanwhile));
    lines.push(row('without an answer', s.unanswered));
    if (s.foreignAnswers) lines.push(row('answers from another service instance (ignored)', s.foreignAnswers));
    lines.push(row('refunded by the bureau', s.refund ? `1 (${s.refund.ok ? 'ok' : 'FAILED'})` : 0));
    lines.push('');
  }
  const o = x.settledOver;
  if (o) {
    lines.push('Settlement channels');
    lines.push(row('charges settled: HTTP / Kafka', `${o.http} / ${o.kafka}`));
    const h = o.http_;
    if (h) {
      lines.push(row('HTTP merchants', h.merchants));
      lines.push(row('HTTP requests: final (200) / pending (202)', `${h.final} / ${h.pending}`));
      lines.push(row('HTTP reversals / failed requests', `${h.reversals} / ${h.failed}`));
      lines.push(
        row('HTTP latency to final answer p50 / p99 (ms)', `${formatMs(h.latency.p50)} / ${formatMs(h.latency.p99)}`),
      );
    }
    lines.push('');
  }
  const r = x.routing;
  if (r) {
    lines.push('Terminal gateway (routing by merchantId/terminalId headers)');
    lines.push(row('terminals with answers', r.terminals));
    lines.push(row('charges answered at their own terminal', `${r.routedToSender} of ${r.charges}`));
    lines.push(row('missing / misrouted', `${r.missing} / ${r.misrouted}`));
    lines.push('');
  }
  const m = x.merchantDay;
  if (m) {
    lines.push("Merchants' day (reconciliation, 3201/3202)");
    lines.push(row('merchant-days MATCHED', `${m.matched} of ${m.days}`));
    if (m.deliberate) {
      lines.push(
        row(
          `deliberately wrong ${m.deliberate.field}`,
          `${m.deliberate.result} [${m.deliberate.differences.join(',')}]`,
        ),
      );
    }
    lines.push(row("days' lines fetched as CSV (lines)", `${m.csvDays} (${m.csvLines})`));
    lines.push('');
  }
  const st = x.statements;
  if (st) {
    lines.push('Statements');
    lines.push(row('holders checked (lines)', `${st.holders} (${st.lines})`));
    lines.push(row('not adding up', st.problems.length));
    lines.push('');
  }
  return lines;
}
