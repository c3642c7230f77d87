/**
 * A few holders fetch this month's statement, as JSON and as CSV, with their own token, and check
 * it adds up (statement-check.ts), and that it closes at their account's balance now.
 */
import { monthKey } from '@gongji/domain';
import { ApiClient, ApiError } from './api-client';
import { roleToken, type TokenSigning } from './bureau-token';
import type { CheckResult } from './invariants';
import { statementProblems, type StatementJson } from './statement-check';

export interface StatementReport {
  readonly holders: number;
  readonly lines: number;
  readonly problems: readonly string[];
}

export async function checkHolderStatements(
  apiUrl: string,
  signing: TokenSigning,
  bureau: ApiClient,
  holderIds: readonly string[],
  now: Date,
): Promise<StatementReport> {
  const month = monthKey(now);
  const problems: string[] = [];
  let lines = 0;
  for (const id of holderIds) {
    const holder = new ApiClient(apiUrl, roleToken(signing, 'holder', id));
    const path = `/v1/accounts/${encodeURIComponent(id)}/statement?month=${month}`;
    try {
      const json = (await holder.request<StatementJson>('GET', path)).body;
      const csv = String((await holder.request<string>('GET', path, undefined, { accept: 'text/csv' })).body);
      const account = (await bureau.request<{ balanceFen: number }>('GET', `/v1/accounts/${encodeURIComponent(id)}`))
        .body;
      lines += json.lines.length;
      problems.push(...statementProblems(json, csv, account.balanceFen).map((p) => `${id}: ${p}`));
    } catch (err) {
      problems.push(`${id}: ${err instanceof ApiError ? err.message : String(err)}`);
    }
  }
  return { holders: holderIds.length, lines, problems };
}

export function statementChecks(r: StatementReport): CheckResult[] {
  return [
    {
      name: "holders' statements (JSON, CSV): closing = opening + Σ lines = balance",
      ok: r.holders > 0 && r.problems.length === 0,
      detail:
        `${r.holders} holders, ${r.lines} lines` + (r.problems.length ? `; ${r.problems.slice(0, 2).join('; ')}` : ''),
    },
  ];
}
