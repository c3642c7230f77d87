import { OutcomeTracker, unknownToAnotherInstance, type SettlementEvent } from './outcome-tracker';
import { ZERO_COUNTERS, amountsAddUp, summarize } from './run-summary';

const amounts = (a: Partial<Record<string, number>>) => ({
  medfeeSumamtFen: 0,
  fundPaySumamtFen: 0,
  psnPartAmtFen: 0,
  ineligibleFen: 0,
  acctPayFen: 0,
  acctMulaidPayFen: 0,
  psnCashPayFen: 0,
  ...a,
});

function settled(
  chargeId: string,
  a: Partial<Record<string, number>>,
  legs: { relationship: string; amountFen: number }[],
  extra = {},
): SettlementEvent {
  return {
    id: `charge.settled:${chargeId}`,
    type: 'charge.settled',
    subject: chargeId,
    data: { chargeId, amounts: amounts(a), legs, authorizationId: null, ...extra },
  };
}

function rejected(chargeId: string, code: string, id = `charge.rejected:${chargeId}`): SettlementEvent {
  return { id, type: 'charge.rejected', subject: chargeId, data: { chargeId, reason: { code, message: '' } } };
}

// 10000 = fund 2000 + share 8000 = own 3000 + relatives 4000 + cash 1000
const A = settled(
  'A',
  {
    medfeeSumamtFen: 10_000,
    fundPaySumamtFen: 2_000,
    psnPartAmtFen: 8_000,
    acctPayFen: 7_000,
    acctMulaidPayFen: 4_000,
    psnCashPayFen: 1_000,
  },
  [
    { relationship: 'SELF', amountFen: 3_000 },
    { relationship: 'MOTHER', amountFen: 4_000 },
  ],
);
// all cash, after an authorization
const B = settled('B', { medfeeSumamtFen: 500, psnPartAmtFen: 500, ineligibleFen: 200, psnCashPayFen: 500 }, [], {
  authorizationId: 'auth_1',
});

describe('summarize', () => {
  it('sums own-account, relatives and cash money from the settled events, once per event id', () => {
    const t = new OutcomeTracker();
    for (const id of ['A', 'B', 'C', 'D']) t.expectCharge(id, 100);
    t.ingest(A, 110);
    t.ingest(A, 130); // re-delivered outcome: same id, counted once
    t.ingest(B, 150);
    t.ingest(rejected('C', 'CREDENTIAL_MISMATCH'), 105);
    const s = summarize(t, { ...ZERO_COUNTERS, chargesProduced: 4 });
    expect(s.charges).toBe(4);
    expect(s.settled).toBe(2);
    expect(s.settledWithMutualAid).toBe(1);
    expect(s.settledAfterAuthorization).toBe(1);
    expect(s.rejectedByReason).toEqual({ CREDENTIAL_MISMATCH: 1 });
    expect(s.withoutFinal).toBe(1); // D
    expect(s.withSeveralFinals).toBe(0);
    expect(s.redeliveredEvents).toBe(1);
    expect(s.money).toEqual({
      medfeeFen: 10_500n,
      fundFen: 2_000n,
      psnPartFen: 8_500n,
      ineligibleFen: 200n,
      ownAccountsFen: 3_000n,
      relativesFen: 4_000n,
      cashFen: 1_500n,
      reversedFen: 0n,
    });
    expect(s.money.ownAccountsFen + s.money.relativesFen + s.money.cashFen).toBe(s.money.psnPartFen);
    expect(s.amountIdentityViolations).toBe(0);
    expect(s.latency.count).toBe(3);
    expect(s.latency.max).toBe(50);
  });

  it('does not count a DUPLICATE_CONFLICT answer as the outcome, but does count a second distinct outcome', () => {
    const t = new OutcomeTracker();
    t.expectCharge('A', 0);
    t.ingest(A, 1);
    t.ingest(rejected('A', 'DUPLICATE_CONFLICT', 'charge.rejected:A:conflict:1'), 2);
    let s = summarize(t, ZERO_COUNTERS);
    expect(s.conflictAnswers).toBe(1);
    expect(s.withSeveralFinals).toBe(0);
    expect(s.settled).toBe(1);
    t.ingest(rejected('A', 'STALE_CHARGE'), 3);
    s = summarize(t, ZERO_COUNTERS);
    expect(s.withSeveralFinals).toBe(1);
  });

  it("ignores other runs' charges and counts reversals by what they undid", () => {
    const t = new OutcomeTracker();
    t.expectCharge('A', 0);
    t.expectReversal('R1', 'A');
    t.expectReversal('R2', 'X');
    expect(t.ingest(settled('OTHER', {}, []), 1)).toBeNull();
    t.ingest(A, 1);
    const notice = t.ingest(
      {
        id: 'charge.reversed:A',
        type: 'charge.reversed',
        subject: 'A',
        data: { reversalId: 'R1', reversedFen: 7_000, originalStatus: 'SETTLED' },
      },
      2,
    );
    expect(notice).toEqual({ kind: 'reversed', chargeId: 'A', reversalId: 'R1', originalStatus: 'SETTLED' });
    t.ingest(
      {
        id: 'reversal.rejected:R2',
        type: 'reversal.rejected',
        subject: 'X',
        data: { reversalId: 'R2', reason: { code: 'INVALID_REVERSAL' } },
      },
      3,
    );
    const s = summarize(t, ZERO_COUNTERS);
    expect(s.charges).toBe(1);
    expect(s.reversalsApplied).toEqual({ SETTLED: 1 });
    expect(s.reversalsRejected).toEqual({ INVALID_REVERSAL: 1 });
    expect(s.money.reversedFen).toBe(7_000n);
    expect(t.complete()).toBe(true);
  });

  it('measures latency to the first answer, an authorization request included', () => {
    const t = new OutcomeTracker();
    t.expectCharge('B', 1_000);
    const notice = t.ingest(
      {
        id: 'charge.authorization-requested:B',
        type: 'charge.authorization-requested',
        subject: 'B',
        data: {
          chargeId: 'B',
          authorizationId: 'auth_1',
          holderId: 'H',
          requestedFen: 100,
          expiresAt: '2026-11-22T09:32:00Z',
        },
      },
      1_020,
    );
    expect(notice).toMatchObject({ kind: 'authorization-requested', authorizationId: 'auth_1', holderId: 'H' });
    t.ingest(B, 5_000);
    const s = summarize(t, ZERO_COUNTERS);
    expect(s.authorizationRequests).toBe(1);
    expect(s.latency.p50).toBe(20);
  });
});

describe('amountsAddUp', () => {
  it('accepts a settlement whose amounts and legs satisfy the contract identities', () => {
    expect(amountsAddUp(A)).toBe(true);
    expect(amountsAddUp(B)).toBe(true);
  });

  it('refuses each broken identity', () => {
    const broken = (
      a: Partial<Record<string, number>>,
      legs = [
        { relationship: 'SELF', amountFen: 3_000 },
        { relationship: 'MOTHER', amountFen: 4_000 },
      ],
    ) =>
      amountsAddUp(
        settled(
          'A',
          {
            medfeeSumamtFen: 10_000,
            fundPaySumamtFen: 2_000,
            psnPartAmtFen: 8_000,
            acctPayFen: 7_000,
            acctMulaidPayFen: 4_000,
            psnCashPayFen: 1_000,
            ...a,
          },
          legs,
        ),
      );
    expect(broken({ fundPaySumamtFen: 2_001 })).toBe(false);
    expect(broken({ psnCashPayFen: 999 })).toBe(false);
    expect(broken({ acctMulaidPayFen: 3_000 })).toBe(false); // SELF legs no longer acct - mulaid
    expect(broken({}, [{ relationship: 'SELF', amountFen: 7_000 }])).toBe(false);
    expect(broken({}, [{ relationship: 'SELF', amountFen: 3_000 }])).toBe(false);
  });
});

describe('answers of another service instance on the shared topics', () => {
  const unknownMerchant: SettlementEvent = {
    id: 'other-instance-uuid-1',
    type: 'charge.rejected',
    subject: 'A',
    data: { chargeId: 'A', merchantId: 'M1', patientId: 'P1', reason: { code: 'UNKNOWN_MERCHANT', message: '' } },
  };

  it('drops, as they arrive, rejections calling a registered merchant or patient unknown', () => {
    const t = new OutcomeTracker({ isForeign: unknownToAnotherInstance(new Set(['M1']), new Set(['P1'])) });
    t.expectCharge('A', 0);
    expect(t.ingest(unknownMerchant, 1)).toBeNull();
    t.ingest(A, 5);
    const s = summarize(t, ZERO_COUNTERS);
    expect(s.foreignEvents).toBe(1);
    expect(s.withSeveralFinals).toBe(0);
    expect(s.latency.p50).toBe(5);
    // A patient the service under test does not know is a genuine UNKNOWN_PATIENT.
    const rule = unknownToAnotherInstance(new Set(['M1']), new Set(['P1']));
    expect(
      rule({
        ...unknownMerchant,
        data: { ...unknownMerchant.data, reason: { code: 'UNKNOWN_PATIENT' }, patientId: 'P9' },
      }),
    ).toBe(false);
    expect(rule({ ...unknownMerchant, data: { ...unknownMerchant.data, reason: { code: 'UNKNOWN_PATIENT' } } })).toBe(
      true,
    );
  });

  it("settles two final outcomes for one charge by the ids in the service's outbox", () => {
    const t = new OutcomeTracker();
    t.expectCharge('A', 0);
    t.ingest(unknownMerchant, 1);
    t.ingest(A, 5);
    expect(t.ambiguousEventIds().sort()).toEqual(['charge.settled:A', 'other-instance-uuid-1']);
    expect(t.resolveAmbiguities(new Set(['charge.settled:A']))).toBe(1);
    const s = summarize(t, ZERO_COUNTERS);
    expect(s.withSeveralFinals).toBe(0);
    expect(s.settled).toBe(1);
    expect(s.latency.p50).toBe(5);
    expect(s.foreignEvents).toBe(1);
  });

  it('leaves the ambiguity (and the failing check) when the outbox does not settle it', () => {
    const t = new OutcomeTracker();
    t.expectCharge('A', 0);
    t.ingest(unknownMerchant, 1);
    t.ingest(A, 5);
    expect(t.resolveAmbiguities(new Set())).toBe(0);
    expect(t.resolveAmbiguities(new Set(['charge.settled:A', 'other-instance-uuid-1']))).toBe(0);
    expect(summarize(t, ZERO_COUNTERS).withSeveralFinals).toBe(1);
  });
});
