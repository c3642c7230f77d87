import { merchantDays } from './merchant-day';
import { OutcomeTracker, type SettlementEvent } from './outcome-tracker';

const reversed = (originalStatus: string): SettlementEvent => ({
  // The same id from both instances: it is derived from the reversal it answers.
  id: 'ev-reversal-R1',
  type: 'charge.reversed',
  subject: 'run-M1:T01:1',
  data: {
    chargeId: 'run-M1:T01:1',
    reversalId: 'R1',
    reversedAt: '2026-12-04T16:00:01Z',
    reversedFen: 0,
    originalStatus,
  },
});
const settled: SettlementEvent = {
  id: 'ev-settled-1',
  type: 'charge.settled',
  subject: 'run-M1:T01:1',
  data: {
    chargeId: 'run-M1:T01:1',
    merchantId: 'run-M1',
    settledAt: '2026-12-04T16:00:01Z',
    amounts: { acctPayFen: 700, acctMulaidPayFen: 0 },
  },
};

describe('OutcomeTracker and another instance answering a reversal under the same event id', () => {
  function play(): OutcomeTracker {
    const t = new OutcomeTracker();
    t.expectCharge('run-M1:T01:1', 0);
    t.expectReversal('R1', 'run-M1:T01:1');
    t.ingest(reversed('NOT_RECEIVED'), 1); // another instance: it never had the charge
    t.ingest(settled, 2);
    t.ingest(reversed('SETTLED'), 3); // this service
    t.ingest(reversed('SETTLED'), 4); // delivered again
    return t;
  }

  it('keeps both answers (not a redelivery) and only the real redelivery counts as one', () => {
    const t = play();
    expect(t.charges.get('run-M1:T01:1')?.reversals.map((r) => r.originalStatus)).toEqual(['NOT_RECEIVED', 'SETTLED']);
    expect(t.redeliveredEvents).toBe(1);
  });

  it("keeps the answer whose original status the service's outbox holds", () => {
    const t = play();
    const dropped = t.resolveAmbiguities(
      new Set(['ev-reversal-R1', 'ev-settled-1']),
      new Map([['ev-reversal-R1', 'SETTLED']]),
    );
    expect(dropped).toBe(2);
    expect(t.reversals.get('R1')?.outcomes).toEqual([
      { id: 'ev-reversal-R1', outcome: { type: 'charge.reversed', originalStatus: 'SETTLED' } },
    ]);
    // The merchant's day then counts the reversal the service counts.
    expect(merchantDays(t, () => true).get('run-M1 2026-12-05')?.figures.reversedCount).toBe(1);
  });
});
