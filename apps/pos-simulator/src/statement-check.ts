/**
 * What a holder checks on a monthly statement (contract 1.1 §3): closing = opening + Σ lines,
 * each line's balance after = the one before plus its amount, the CSV saying the same as the JSON,
 * and, for the current month, the closing balance equal to the account's balance now. Pure.
 */
import { csvRecords } from './csv-text';

export interface StatementJson {
  readonly personId: string;
  readonly month: string;
  readonly openingBalanceFen: number;
  readonly lines: readonly { readonly kind: string; readonly amountFen: number; readonly balanceAfterFen: number }[];
  readonly closingBalanceFen: number;
}

/** Problems found (empty: it adds up). `balanceNowFen` only for the current month. */
export function statementProblems(s: StatementJson, csv: string, balanceNowFen: number | null): string[] {
  const problems: string[] = [];
  let running = BigInt(s.openingBalanceFen);
  s.lines.forEach((l, i) => {
    running += BigInt(l.amountFen);
    if (running !== BigInt(l.balanceAfterFen))
      problems.push(`line ${i + 1}: balance after ${l.balanceAfterFen}, expected ${running}`);
  });
  if (running !== BigInt(s.closingBalanceFen)) {
    problems.push(`closing ${s.closingBalanceFen} != opening ${s.openingBalanceFen} + Σ lines = ${running}`);
  }
  if (balanceNowFen !== null && BigInt(s.closingBalanceFen) !== BigInt(balanceNowFen)) {
    problems.push(`closing ${s.closingBalanceFen} != account balance ${balanceNowFen}`);
  }
  const rows = csvRecords(csv);
  const opening = rows.find((r) => r.kind === 'OPENING_BALANCE');
  const closing = rows.find((r) => r.kind === 'CLOSING_BALANCE');
  const lines = rows.filter((r) => r.kind !== 'OPENING_BALANCE' && r.kind !== 'CLOSING_BALANCE');
  if (!opening || opening.balanceAfterFen !== String(s.openingBalanceFen)) problems.push('CSV opening differs');
  if (!closing || closing.balanceAfterFen !== String(s.closingBalanceFen)) problems.push('CSV closing differs');
  if (lines.length !== s.lines.length) problems.push(`CSV has ${lines.length} lines, JSON ${s.lines.length}`);
  else if (lines.some((r, i) => r.amountFen !== String(s.lines[i].amountFen) || r.kind !== s.lines[i].kind)) {
    problems.push('CSV lines differ from the JSON');
  }
  return problems;
}
