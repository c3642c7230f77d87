import { Pool } from 'pg';
import { chargeRequested } from '../support/charge-builder';
import { eventually } from '../support/kafka-test-client';
import { serviceUnderTest } from '../support/service-under-test';
import { RunningApp, startApp } from '../support/start-app';
import { TEST_DATABASE_URL } from '../support/test-config';
import { uid } from '../support/unique-ids';
import { ApiClient } from '../http/support/api-client';
import { auditorToken, holderToken, merchantToken } from '../http/support/tokens';

/**
 * Contract 1.1 §2 over HTTP: charges and reversals produced to the inbound topics and settled by
 * the lane, the waits (final, pending, timed out, unknown), the merchant role's rights and the
 * routing headers on every charge event.
 */
describe('pharmacies and hospitals over HTTP', () => {
  const sut = serviceUnderTest({ AUTHORIZATION_TIMEOUT_S: '60' });
  const { db } = sut;
  let api: ApiClient;
  beforeAll(() => {
    api = new ApiClient(sut.app.baseUrl);
  });

  /** Patient with 100 yuan; holder (Shaanxi) with 1000 yuan and a 200-yuan monthly limit. */
  async function family() {
    const merchant = await db.merchant({ regionCode: '610113' });
    const patient = await db.person({ regionCode: '610113', balanceFen: 10000n });
    const holder = await db.person({ regionCode: '610104', balanceFen: 100000n });
    await db.binding({
      holderId: holder,
      beneficiaryId: patient,
      relationship: 'MOTHER',
      monthlyLimitFen: 20000n,
      paymentOrder: 1,
    });
    return { merchant, patient, holder };
  }

  const reversalOf = (c: { chargeId: string; merchantId: string; patientId: string }, merchantId = c.merchantId) => ({
    reversalId: uid('R'),
    chargeId: c.chargeId,
    merchantId,
    terminalId: 'T01',
    patientId: c.patientId,
    requestedAt: new Date().toISOString(),
    reason: 'CUSTOMER_RETURN',
  });

  it('settles a charge sent by its merchant and answers the final outcome; a re-send answers the same', async () => {
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 3000 }] });
    const res = await api.post('/v1/charges?waitS=20', charge, merchantToken(f.merchant));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ chargeId: charge.chargeId, status: 'SETTLED', merchantId: f.merchant });
    expect(res.body.amounts).toMatchObject({ acctPayFen: 3000, psnCashPayFen: 0 });
    expect((await db.account(f.patient)).balanceFen).toBe(7000n);

    const again = await api.post('/v1/charges', charge, merchantToken(f.merchant));
    expect([again.status, again.body]).toEqual([200, res.body]);
    expect((await db.account(f.patient)).balanceFen).toBe(7000n);
    const read = await api.get(`/v1/settlements/${charge.chargeId}?waitS=1`, merchantToken(f.merchant));
    expect([read.status, read.body]).toEqual([200, res.body]);
  });

  it('puts merchantId and terminalId headers on every event about a charge', async () => {
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 1000 }] });
    expect((await api.post('/v1/charges?waitS=20', charge)).status).toBe(200);
    const reversal = reversalOf(charge);
    expect((await api.post('/v1/reversals?waitS=20', reversal)).body.status).toBe('REVERSED');
    const events = await eventually(() => {
      const found = sut.events.filter((e) => e.subject === charge.chargeId);
      return found.length >= 2 ? found : undefined;
    });
    expect(events.map((e) => e.type)).toEqual(['charge.settled', 'charge.reversed']);
    for (const e of events) expect(e.headers).toMatchObject({ merchantId: f.merchant, terminalId: 'T01' });
  });

  it('lets a merchant act only for itself: 403 for another merchant’s charge, quote, settlement or day', async () => {
    const f = await family();
    const other = await db.merchant({ regionCode: '610113' });
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 500 }] });
    expect((await api.post('/v1/charges?waitS=20', charge, merchantToken(f.merchant))).status).toBe(200);

    const asOther = merchantToken(other);
    expect((await api.post('/v1/charges', charge, asOther)).status).toBe(403);
    expect((await api.post('/v1/quotes', charge, asOther)).status).toBe(403);
    expect((await api.post('/v1/quotes', charge, merchantToken(f.merchant))).status).toBe(200);
    expect((await api.get(`/v1/settlements/${charge.chargeId}`, asOther)).status).toBe(403);
    expect((await api.get(`/v1/settlements/${charge.chargeId}?waitS=0`, asOther)).status).toBe(403);
    expect((await api.post('/v1/reversals', reversalOf(charge), asOther)).status).toBe(403);
    expect((await api.get(`/v1/merchants/${f.merchant}/reconciliation?date=2026-11-22`, asOther)).status).toBe(403);
    expect((await api.get(`/v1/merchants/${f.merchant}/settlements?date=2026-11-22`, asOther)).status).toBe(403);
    const figures = {
      date: '2026-11-22',
      settledCount: 0,
      acctPayFen: 0,
      acctMulaidPayFen: 0,
      reversedCount: 0,
      reversedFen: 0,
    };
    expect((await api.post(`/v1/merchants/${f.merchant}/reconciliations`, figures, asOther)).status).toBe(403);
    // Its own chargeId under the other merchant's name: the body says itself, the charge is not its own.
    expect((await api.post('/v1/charges?waitS=20', { ...charge, merchantId: other }, asOther)).status).toBe(403);
    // Nor anything a merchant has no business with.
    expect((await api.get(`/v1/accounts/${f.patient}`, merchantToken(f.merchant))).status).toBe(403);
    expect((await api.get(`/v1/persons/${f.patient}/bindings`, merchantToken(f.merchant))).status).toBe(403);
    // Auditors read; holders do not settle.
    expect((await api.get(`/v1/settlements/${charge.chargeId}`, auditorToken())).status).toBe(200);
    expect((await api.post('/v1/charges', charge, holderToken(f.patient))).status).toBe(403);
  });

  it('answers 202 PENDING_AUTHORIZATION, then 200 once the holder approves (a waiting GET is woken)', async () => {
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 50000 }] });
    const res = await api.post('/v1/charges?waitS=2', charge, merchantToken(f.merchant));
    expect([res.status, res.body]).toEqual([202, { chargeId: charge.chargeId, status: 'PENDING_AUTHORIZATION' }]);
    // Contract v1's GET (no waitS) still answers the current outcome: the authorization request.
    const v1 = await api.get(`/v1/settlements/${charge.chargeId}`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ status: 'PENDING_AUTHORIZATION', holderId: f.holder, requestedFen: 20000 });

    const waiting = api.get(`/v1/settlements/${charge.chargeId}?waitS=30`, merchantToken(f.merchant));
    const decided = await api.post(
      `/v1/authorizations/${v1.body.authorizationId}/decision`,
      { decision: 'APPROVE' },
      holderToken(f.holder),
    );
    expect(decided.status).toBe(200);
    const done = await waiting;
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ chargeId: charge.chargeId, status: 'SETTLED' });
    expect(done.body.amounts).toMatchObject({ acctPayFen: 50000, acctMulaidPayFen: 40000 });
  });

  it('answers 202 RECEIVED when the outcome is not committed within waitS, and the outcome later', async () => {
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 700 }] });
    // The patient's account locked by another transaction: the lane waits on it, so nothing is final yet.
    const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
    const blocker = await pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM accounts WHERE account_id = $1 FOR UPDATE', [f.patient]);
      const res = await api.post('/v1/charges?waitS=1', charge, merchantToken(f.merchant));
      expect([res.status, res.body]).toEqual([202, { chargeId: charge.chargeId, status: 'RECEIVED' }]);
      const unknownYet = await api.get(`/v1/settlements/${charge.chargeId}?waitS=0`);
      expect(unknownYet.status).toBe(404);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
      await pool.end();
    }
    const later = await api.get(`/v1/settlements/${charge.chargeId}?waitS=30`, merchantToken(f.merchant));
    expect([later.status, later.body.status]).toEqual([200, 'SETTLED']);
  });

  it('answers 404 for a charge that never arrives, and 400 for a bad waitS or body (nothing produced)', async () => {
    const missing = await api.get(`/v1/settlements/${uid('never')}?waitS=1`);
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    for (const bad of ['31', '-1', '1.5', 'soon']) {
      const res = await api.get(`/v1/settlements/${uid('x')}?waitS=${bad}`);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'INVALID_REQUEST']);
    }
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 100 }] });
    const wrongTotal = await api.post('/v1/charges', { ...charge, totalFen: 101 });
    expect([wrongTotal.status, wrongTotal.body.code]).toEqual([400, 'INVALID_REQUEST']);
    expect(wrongTotal.body.fields.map((p: { field: string }) => p.field)).toContain('totalFen');
    const noReason = await api.post('/v1/reversals', { ...reversalOf(charge), reason: 'BORED' });
    expect([noReason.status, noReason.body.fields[0].field]).toEqual([400, 'reason']);
    await new Promise((r) => setTimeout(r, 500));
    expect(sut.events.filter((e) => e.subject === charge.chargeId)).toEqual([]);
  });

  it('reverses over HTTP; a reversal naming another merchant is REJECTED with MERCHANT_MISMATCH', async () => {
    const f = await family();
    const other = await db.merchant({ regionCode: '610113' });
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 2500 }] });
    expect((await api.post('/v1/charges?waitS=20', charge)).status).toBe(200);
    const foreign = await api.post('/v1/reversals?waitS=20', reversalOf(charge, other), merchantToken(other));
    expect(foreign.status).toBe(200);
    expect(foreign.body).toMatchObject({ status: 'REJECTED', reason: { code: 'MERCHANT_MISMATCH' } });
    expect((await db.account(f.patient)).balanceFen).toBe(7500n);
    const own = await api.post('/v1/reversals?waitS=20', reversalOf(charge), merchantToken(f.merchant));
    expect([own.status, own.body.status, own.body.chargeId]).toEqual([200, 'REVERSED', charge.chargeId]);
    expect((await db.account(f.patient)).balanceFen).toBe(10000n);
  });

  it('does not let another merchant’s early reversal cancel a charge: the charge settles, that reversal is rejected', async () => {
    const f = await family();
    const other = await db.merchant({ regionCode: '610113' });
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 1200 }] });
    const early = reversalOf(charge, other);
    const kept = await api.post('/v1/reversals?waitS=20', early, merchantToken(other));
    expect([kept.status, kept.body.status]).toEqual([200, 'REVERSED']);
    const res = await api.post('/v1/charges?waitS=20', charge, merchantToken(f.merchant));
    expect([res.status, res.body.status]).toEqual([200, 'SETTLED']);
    expect((await db.account(f.patient)).balanceFen).toBe(8800n);
    const { rows } = await db.pool.query(`SELECT status, reason_code FROM reversals WHERE reversal_id = $1`, [
      early.reversalId,
    ]);
    expect(rows[0]).toEqual({ status: 'REJECTED', reason_code: 'MERCHANT_MISMATCH' });
    const rejected = await eventually(() =>
      sut.events.find((e) => e.type === 'reversal.rejected' && e.data.reversalId === early.reversalId),
    );
    expect(rejected.data.reason?.code).toBe('MERCHANT_MISMATCH');
  });

  it('reverses and decides the same pending charge at once without a deadlock, with one consistent end', async () => {
    const deadlocks = async () =>
      Number(
        (await db.pool.query(`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`)).rows[0]
          .deadlocks,
      );
    const before = await deadlocks();
    for (let round = 0; round < 6; round++) {
      const f = await family();
      const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 50000 }] });
      expect((await api.post('/v1/charges?waitS=0', charge)).status).toBe(202);
      const { authorizationId } = await eventually(async () => {
        const now = await api.get(`/v1/settlements/${charge.chargeId}`);
        return now.body?.status === 'PENDING_AUTHORIZATION' ? now.body : undefined;
      });
      const [decided, reversed] = await Promise.all([
        api.post(`/v1/authorizations/${authorizationId}/decision`, { decision: 'APPROVE' }, holderToken(f.holder)),
        api.post('/v1/reversals?waitS=20', reversalOf(charge)),
      ]);
      expect([200, 409]).toContain(decided.status);
      expect(reversed.body.status).toBe('REVERSED');
      // Whichever came first, the reversal undoes everything: every fen back, nothing held.
      expect(await db.account(f.patient)).toMatchObject({ balanceFen: 10000n, heldFen: 0n });
      expect(await db.account(f.holder)).toMatchObject({ balanceFen: 100000n, heldFen: 0n });
    }
    expect(await deadlocks()).toBe(before);
  });

  describe('with a second instance', () => {
    let second: RunningApp;
    beforeAll(async () => {
      second = await startApp({ AUTHORIZATION_TIMEOUT_S: '60' });
    });
    afterAll(async () => second.close());

    it('answers correctly whichever instance settles the charge', async () => {
      const viaSecond = new ApiClient(second.baseUrl);
      const charges: ReturnType<typeof chargeRequested>[] = [];
      for (let i = 0; i < 12; i++) {
        const f = await family();
        charges.push(
          chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 100 + i }] }),
        );
      }
      const answers = await Promise.all(
        charges.map((c, i) => (i % 2 ? viaSecond : api).post('/v1/charges?waitS=30', c)),
      );
      answers.forEach((a, i) => {
        expect([a.status, a.body.status, a.body.chargeId]).toEqual([200, 'SETTLED', charges[i].chargeId]);
      });
    });
  });
});
