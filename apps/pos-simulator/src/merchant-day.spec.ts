import { dayLinesProblems } from './merchant-day-checks';
import { merchantDays, reconciliationBody } from './merchant-day';
import { OutcomeTracker, type SettlementEvent } from './outcome-tracker';

const settled = (
  chargeId: string,
  merchantId: string,
  settledAt: string,
  acct: number,
  mulaid: number,
): SettlementEvent => ({
  id: `s:${chargeId}`,
  type: 'charge.settled',
  subject: chargeId,
  data: { chargeId, merchantId, settledAt, amounts: { acctPayFen: acct, acctMulaidPayFen: mulaid } },
});
const reversed = (chargeId: string, reversedAt: string, originalStatus = 'SETTLED'): SettlementEvent => ({
  id: `r:${chargeId}`,
  type: 'charge.reversed',
  subject: chargeId,
  data: { chargeId, reversalId: `R-${chargeId}`, reversedAt, reversedFen: 1, originalStatus },
});

function trackerWith(events: SettlementEvent[]): OutcomeTracker {
  const t = new OutcomeTracker();
  for (const e of events) {
    t.expectCharge(e.subject, 0);
    t.ingest(e, 0);
  }
  return t;
}

describe('merchantDays', () => {
  // 23:59 and 00:01 in China (UTC+8) are two days: a run across midnight reconciles both.
  const t = trackerWith([
    settled('a', 'run-M1', '2026-12-04T15:59:00Z', 1000, 300),
    settled('b', 'run-M1', '2026-12-04T16:01:00Z', 2000, 0),
    reversed('a', '2026-12-04T16:02:00Z'),
    settled('c', 'other-M9', '2026-12-04T10:00:00Z', 5000, 0),
  ]);
  const days = merchantDays(t, (m) => m.startsWith('run-'));

  it('counts each charge on its UTC+8 settlement day and a reversal on its own day, with the account part', () => {
    expect([...days.keys()].sort()).toEqual(['run-M1 2026-12-04', 'run-M1 2026-12-05']);
    expect(days.get('run-M1 2026-12-04')?.figures).toEqual({
      settledCount: 1,
      acctPayFen: 1000n,
      acctMulaidPayFen: 300n,
      reversedCount: 0,
      reversedFen: 0n,
    });
    expect(days.get('run-M1 2026-12-05')?.figures).toEqual({
      settledCount: 1,
      acctPayFen: 2000n,
      acctMulaidPayFen: 0n,
      reversedCount: 1,
      reversedFen: 1000n,
    });
    // The day's listing holds the reversed charge too (settled the day before).
    expect([...(days.get('run-M1 2026-12-05')?.lines.keys() ?? [])].sort()).toEqual(['a', 'b']);
  });

  it('does not count the reversal of a charge that was never settled', () => {
    const pending = trackerWith([reversed('x', '2026-12-04T16:02:00Z', 'PENDING_AUTHORIZATION')]);
    expect(merchantDays(pending, () => true).size).toBe(0);
  });

  it('builds the reconciliation body with amounts as numbers of fen', () => {
    expect(reconciliationBody(days.get('run-M1 2026-12-05') as never)).toEqual({
      date: '2026-12-05',
      settledCount: 1,
      acctPayFen: 2000,
      acctMulaidPayFen: 0,
      reversedCount: 1,
      reversedFen: 1000,
    });
  });

  it("checks a day's CSV lines against what was counted", () => {
    const day = days.get('run-M1 2026-12-05') as never;
    const line = (chargeId: string, acctPayFen: string, acctMulaidPayFen: string) => ({
      chargeId,
      acctPayFen,
      acctMulaidPayFen,
    });
    expect(dayLinesProblems(day, [line('a', '1000', '300'), line('b', '2000', '0')])).toEqual([]);
    expect(dayLinesProblems(day, [line('a', '1000', '300')])).toEqual([
      'run-M1 2026-12-05: 1 CSV lines, 2 counted',
      'run-M1 2026-12-05: CSV acctPayFen 1000, counted 3000',
    ]);
    expect(dayLinesProblems(day, [line('a', '1000', '300'), line('z', '2000', '0')])).toEqual([
      'run-M1 2026-12-05: z not counted by the simulator',
    ]);
  });
});
