/**
 * The end of a merchant's day (contract 1.1 §2): each merchant of the run submits the totals the
 * simulator counted from the answers it got and must hear MATCHED; one submits a deliberately
 * wrong figure and must hear MISMATCHED naming exactly that field; a few fetch the day's lines as
 * CSV, which must hold exactly the charges counted, with the same sums.
 */
import { ApiClient, ApiError, forEachLimited } from './api-client';
import { roleToken, type TokenSigning } from './bureau-token';
import { csvRecords } from './csv-text';
import type { CheckResult } from './invariants';
import { reconciliationBody, type MerchantDay } from './merchant-day';

export interface MerchantDayReport {
  readonly days: number;
  readonly matched: number;
  /** Days that should have matched and did not, with the fields named. */
  readonly unexpected: readonly string[];
  /** The deliberate wrong figure: what was changed and what the service answered. */
  readonly deliberate: { field: string; result: string; differences: readonly string[] } | null;
  readonly csvDays: number;
  readonly csvLines: number;
  readonly csvProblems: readonly string[];
}

interface ReconciliationAnswer {
  result?: string;
  differences?: string[];
  ours?: Record<string, unknown>;
}

export async function runMerchantDayChecks(
  apiUrl: string,
  signing: TokenSigning,
  days: readonly MerchantDay[],
  opts: { csvMerchants: number; concurrency: number },
): Promise<MerchantDayReport> {
  const clients = new Map<string, ApiClient>();
  const client = (merchantId: string): ApiClient => {
    let c = clients.get(merchantId);
    if (!c) clients.set(merchantId, (c = new ApiClient(apiUrl, roleToken(signing, 'merchant', merchantId))));
    return c;
  };
  const enc = encodeURIComponent;
  const unexpected: string[] = [];
  let matched = 0;
  await forEachLimited(days, opts.concurrency, async (d) => {
    try {
      const res = await client(d.merchantId).request<ReconciliationAnswer>(
        'POST',
        `/v1/merchants/${enc(d.merchantId)}/reconciliations`,
        reconciliationBody(d),
        { idempotent: true },
      );
      if (res.body.result === 'MATCHED') matched++;
      else {
        const sent = reconciliationBody(d);
        const fields = (res.body.differences ?? []).map(
          (f) => `${f} ${String(sent[f])} vs ${String(res.body.ours?.[f])}`,
        );
        unexpected.push(`${d.merchantId} ${d.date}: ${res.body.result} (${fields.join(', ')})`);
      }
    } catch (err) {
      unexpected.push(`${d.merchantId} ${d.date}: ${err instanceof ApiError ? err.message : String(err)}`);
    }
  });

  let deliberate: MerchantDayReport['deliberate'] = null;
  const wrong = days.find((d) => d.figures.settledCount > 0);
  if (wrong) {
    // One terminal's cashier mistyped a total: one fen more in the account part.
    const body = { ...reconciliationBody(wrong), acctPayFen: Number(wrong.figures.acctPayFen) + 1 };
    const res = await client(wrong.merchantId).request<ReconciliationAnswer>(
      'POST',
      `/v1/merchants/${enc(wrong.merchantId)}/reconciliations`,
      body,
      { idempotent: true },
    );
    deliberate = { field: 'acctPayFen', result: String(res.body.result), differences: res.body.differences ?? [] };
  }

  // The day's lines of a few merchants, the busiest first (they have the most to get wrong).
  const csvDays = [...days].sort((a, b) => b.lines.size - a.lines.size).slice(0, opts.csvMerchants);
  const csvProblems: string[] = [];
  let csvLines = 0;
  for (const d of csvDays) {
    const res = await client(d.merchantId).request<string>(
      'GET',
      `/v1/merchants/${enc(d.merchantId)}/settlements?date=${d.date}`,
      undefined,
      { accept: 'text/csv' },
    );
    const rows = csvRecords(String(res.body));
    csvLines += rows.length;
    csvProblems.push(...dayLinesProblems(d, rows));
  }
  return { days: days.length, matched, unexpected, deliberate, csvDays: csvDays.length, csvLines, csvProblems };
}

/** The CSV lines of a day against what the simulator counted. Pure. */
export function dayLinesProblems(d: MerchantDay, rows: readonly Record<string, string>[]): string[] {
  const where = `${d.merchantId} ${d.date}`;
  const problems: string[] = [];
  if (rows.length !== d.lines.size) problems.push(`${where}: ${rows.length} CSV lines, ${d.lines.size} counted`);
  let acct = 0n;
  let mulaid = 0n;
  let expectedAcct = 0n;
  let expectedMulaid = 0n;
  for (const r of rows) {
    if (!d.lines.has(r.chargeId)) problems.push(`${where}: ${r.chargeId} not counted by the simulator`);
    acct += BigInt(r.acctPayFen || '0');
    mulaid += BigInt(r.acctMulaidPayFen || '0');
  }
  for (const l of d.lines.values()) {
    expectedAcct += l.acctPayFen;
    expectedMulaid += l.acctMulaidPayFen;
  }
  if (acct !== expectedAcct) problems.push(`${where}: CSV acctPayFen ${acct}, counted ${expectedAcct}`);
  if (mulaid !== expectedMulaid) problems.push(`${where}: CSV acctMulaidPayFen ${mulaid}, counted ${expectedMulaid}`);
  return problems;
}

export function merchantDayChecks(r: MerchantDayReport): CheckResult[] {
  const d = r.deliberate;
  return [
    {
      name: "reconciliations: every merchant's own day totals MATCHED",
      ok: r.days > 0 && r.matched === r.days,
      detail:
        `${r.matched} of ${r.days} merchant-days MATCHED` +
        (r.unexpected.length ? `; e.g. ${r.unexpected.slice(0, 2).join('; ')}` : ''),
    },
    {
      name: 'reconciliation: a deliberately wrong figure is MISMATCHED naming it',
      ok: d !== null && d.result === 'MISMATCHED' && d.differences.length === 1 && d.differences[0] === d.field,
      detail: d ? `${d.field} off by 1 fen -> ${d.result} [${d.differences.join(', ')}]` : 'no day to try it on',
    },
    {
      name: "a day's lines as CSV: same charges and sums as counted",
      ok: r.csvDays > 0 && r.csvProblems.length === 0,
      detail:
        `${r.csvDays} merchant-days, ${r.csvLines} lines` +
        (r.csvProblems.length ? `; ${r.csvProblems.slice(0, 2).join('; ')}` : ''),
    },
  ];
}
