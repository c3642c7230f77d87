import { parseCsv } from './csv-text';
import { statementProblems, type StatementJson } from './statement-check';

const statement: StatementJson = {
  personId: 'p1',
  month: '2026-12',
  openingBalanceFen: 10_000,
  lines: [
    { kind: 'OWN_CHARGE', amountFen: -1_500, balanceAfterFen: 8_500 },
    { kind: 'CONTRIBUTION', amountFen: -4_000, balanceAfterFen: 4_500 },
    { kind: 'CONTRIBUTION_REFUND', amountFen: 4_000, balanceAfterFen: 8_500 },
  ],
  closingBalanceFen: 8_500,
};
const csv =
  'at,kind,amountFen,balanceAfterFen,beneficiaryId\r\n' +
  ',OPENING_BALANCE,,10000,\r\n' +
  '2026-12-01T01:00:00.000Z,OWN_CHARGE,-1500,8500,\r\n' +
  '2026-12-01T02:00:00.000Z,CONTRIBUTION,-4000,4500,"a ""quoted"", id"\r\n' +
  '2026-12-01T03:00:00.000Z,CONTRIBUTION_REFUND,4000,8500,\r\n' +
  ',CLOSING_BALANCE,,8500,\r\n';

describe('statementProblems', () => {
  it('accepts a statement that adds up, in JSON and CSV, closing at the balance', () => {
    expect(statementProblems(statement, csv, 8_500)).toEqual([]);
  });

  it('finds a closing balance that is not opening + Σ lines, and one unlike the account', () => {
    const wrong = { ...statement, closingBalanceFen: 8_400 };
    const problems = statementProblems(wrong, csv.replace(',CLOSING_BALANCE,,8500', ',CLOSING_BALANCE,,8400'), 8_500);
    expect(problems).toEqual([
      'closing 8400 != opening 10000 + Σ lines = 8500',
      'closing 8400 != account balance 8500',
    ]);
  });

  it('finds a line whose balance after does not follow, and a CSV that differs from the JSON', () => {
    const lines = [...statement.lines];
    lines[1] = { ...lines[1], balanceAfterFen: 4_600 };
    expect(statementProblems({ ...statement, lines }, csv, null)).toEqual([
      'line 2: balance after 4600, expected 4500',
    ]);
    expect(statementProblems(statement, csv.replace('-4000', '-4001'), null)).toEqual([
      'CSV lines differ from the JSON',
    ]);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with commas and doubled quotes', () => {
    expect(parseCsv('a,"b, ""c"""\r\n1,\r\n')).toEqual([
      ['a', 'b, "c"'],
      ['1', ''],
    ]);
  });
});
