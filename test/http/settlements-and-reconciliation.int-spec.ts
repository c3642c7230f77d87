import { Pool } from 'pg';
import { uid } from '../support/unique-ids';
import { appUnderTest } from './support/app-under-test';
import { testDatabase } from './support/database';

interface Amounts {
  medfeeSumamtFen: number;
  fundPaySumamtFen: number;
  psnPartAmtFen: number;
  ineligibleFen: number;
  acctPayFen: number;
  acctMulaidPayFen: number;
  psnCashPayFen: number;
}

function amounts(medfee: number, fund: number, acct: number, mulaid: number): Amounts {
  const psnPart = medfee - fund;
  return {
    medfeeSumamtFen: medfee,
    fundPaySumamtFen: fund,
    psnPartAmtFen: psnPart,
    ineligibleFen: 0,
    acctPayFen: acct,
    acctMulaidPayFen: mulaid,
    psnCashPayFen: psnPart - acct,
  };
}

/**
 * GET /v1/settlements/{chargeId} and GET /v1/merchants/{id}/reconciliation. The charges rows are
 * written here as the settlement engine would store them, so the HTTP side is tested on its own.
 */
describe('settlement outcomes and reconciliation', () => {
  const { api } = appUnderTest();
  let db: Pool;
  const merchantId = uid('P6101');
  const otherMerchant = uid('P6102');

  async function charge(row: {
    status: 'SETTLED' | 'REJECTED' | 'PENDING_AUTHORIZATION' | 'REVERSED';
    merchant?: string;
    settledAt?: string | null;
    reversedAt?: string | null;
    amounts?: Amounts | null;
    outcome?: Record<string, unknown>;
  }): Promise<string> {
    const chargeId = uid('chg');
    const a = row.amounts ?? null;
    await db.query(
      `INSERT INTO charges (charge_id, content_hash, patient_id, merchant_id, terminal_id, status, decided_at,
                            settled_at, request, outcome, reversed_at, medfee_sumamt_fen, fund_pay_sumamt_fen,
                            psn_part_amt_fen, ineligible_fen, acct_pay_fen, acct_mulaid_pay_fen, psn_cash_pay_fen)
       VALUES ($1, 'h', 'p', $2, 'T01', $3, coalesce($4::timestamptz, now()), $4, '{}', $5, $6,
               $7, $8, $9, $10, $11, $12, $13)`,
      [
        chargeId,
        row.merchant ?? merchantId,
        row.status,
        row.settledAt ?? null,
        JSON.stringify(row.outcome ?? { chargeId }),
        row.reversedAt ?? null,
        a?.medfeeSumamtFen ?? null,
        a?.fundPaySumamtFen ?? null,
        a?.psnPartAmtFen ?? null,
        a?.ineligibleFen ?? null,
        a?.acctPayFen ?? null,
        a?.acctMulaidPayFen ?? null,
        a?.psnCashPayFen ?? null,
      ],
    );
    return chargeId;
  }

  beforeAll(async () => {
    db = testDatabase();
    for (const id of [merchantId, otherMerchant]) {
      const res = await api().put(`/v1/merchants/${id}`, {
        name: '药房',
        kind: 'PHARMACY',
        regionCode: '610113',
        designated: true,
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => db.end());

  it("returns the charge's stored outcome as is, 404 for an unknown charge", async () => {
    const outcome = {
      chargeId: 'set-by-test',
      patientId: 'p',
      merchantId,
      terminalId: 'T01',
      settledAt: '2026-10-01T09:30:01+08:00',
      amounts: amounts(3560, 0, 3560, 0),
      legs: [{ accountId: 'p', holderId: 'p', relationship: 'SELF', amountFen: 3560, balanceAfterFen: 100 }],
      balcFen: 100,
      authorizationId: null,
      policyVersion: '00@2024-01-01+61@2024-01-01',
    };
    const chargeId = await charge({
      status: 'SETTLED',
      settledAt: '2026-10-01T09:30:01+08:00',
      amounts: outcome.amounts,
      outcome,
    });
    const res = await api().get(`/v1/settlements/${chargeId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...outcome, status: 'SETTLED' });
    const missing = await api().get(`/v1/settlements/${uid('never')}`);
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('sums one UTC+8 day: settled that day (even if reversed later) and reversed that day, in bigint', async () => {
    const big = amounts(999_999_999_999, 400_000_000_000, 500_000_000_000, 200_000_000_000);
    const small = amounts(3_560, 1_000, 2_000, 500);
    const prior = amounts(10_000, 0, 7_000, 7_000);
    // 2026-11-22 in UTC+8 is [2026-11-21T16:00Z, 2026-11-22T16:00Z)
    await charge({ status: 'SETTLED', settledAt: '2026-11-22T00:00:00+08:00', amounts: big });
    await charge({
      status: 'REVERSED',
      settledAt: '2026-11-22T23:59:59.999+08:00',
      reversedAt: '2026-11-23T01:00:00+08:00',
      amounts: small,
    });
    await charge({
      status: 'REVERSED',
      settledAt: '2026-11-21T23:59:59+08:00',
      reversedAt: '2026-11-22T10:00:00+08:00',
      amounts: prior,
    });
    await charge({ status: 'SETTLED', settledAt: '2026-11-23T00:00:00+08:00', amounts: small });
    await charge({ status: 'REJECTED', settledAt: null, amounts: null });
    await charge({ status: 'REVERSED', settledAt: null, reversedAt: '2026-11-22T11:00:00+08:00', amounts: null }); // reversal came first
    await charge({ status: 'SETTLED', merchant: otherMerchant, settledAt: '2026-11-22T12:00:00+08:00', amounts: big });

    const day = await api().get(`/v1/merchants/${merchantId}/reconciliation?date=2026-11-22`);
    expect(day.status).toBe(200);
    expect(day.body).toEqual({
      merchantId,
      date: '2026-11-22',
      settled: {
        count: 2,
        medfeeSumamtFen: big.medfeeSumamtFen + small.medfeeSumamtFen,
        fundPaySumamtFen: big.fundPaySumamtFen + small.fundPaySumamtFen,
        psnPartAmtFen: big.psnPartAmtFen + small.psnPartAmtFen,
        acctPayFen: big.acctPayFen + small.acctPayFen,
        acctMulaidPayFen: big.acctMulaidPayFen + small.acctMulaidPayFen,
        psnCashPayFen: big.psnCashPayFen + small.psnCashPayFen,
      },
      reversed: { count: 1, reversedFen: prior.acctPayFen },
    });

    const next = await api().get(`/v1/merchants/${merchantId}/reconciliation?date=2026-11-23`);
    expect(next.body.settled).toMatchObject({ count: 1, medfeeSumamtFen: small.medfeeSumamtFen });
    expect(next.body.reversed).toEqual({ count: 1, reversedFen: small.acctPayFen });

    const quiet = await api().get(`/v1/merchants/${merchantId}/reconciliation?date=2026-01-01`);
    expect(quiet.body).toEqual({
      merchantId,
      date: '2026-01-01',
      settled: {
        count: 0,
        medfeeSumamtFen: 0,
        fundPaySumamtFen: 0,
        psnPartAmtFen: 0,
        acctPayFen: 0,
        acctMulaidPayFen: 0,
        psnCashPayFen: 0,
      },
      reversed: { count: 0, reversedFen: 0 },
    });
  });

  it('400 for a missing or impossible date, 404 for an unknown merchant', async () => {
    for (const query of [
      '',
      '?date=2026-13-01',
      '?date=2026-02-30',
      '?date=22-11-2026',
      '?date=2026-11-22T00:00:00Z',
    ]) {
      const res = await api().get(`/v1/merchants/${merchantId}/reconciliation${query}`);
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_REQUEST']);
      expect(res.body.fields[0].field).toBe('date');
    }
    const unknown = await api().get(`/v1/merchants/${uid('nope')}/reconciliation?date=2026-11-22`);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});
