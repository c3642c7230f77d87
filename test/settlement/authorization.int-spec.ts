import { serviceUnderTest } from '../support/service-under-test';
import { eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';

/** Shaanxi (61): above a binding's monthly limit the holder approves in real time. */
describe('approval above the limit (Shaanxi)', () => {
  const sut = serviceUnderTest({ AUTHORIZATION_TIMEOUT_S: '3' });
  const { db, kafka } = sut;

  const final = (chargeId: string) =>
    eventually(
      () =>
        sut.events.find((e) => e.subject === chargeId && (e.type === 'charge.settled' || e.type === 'charge.rejected')),
      20000,
      'final outcome',
    );
  const requested = (chargeId: string) =>
    eventually(() => sut.events.find((e) => e.subject === chargeId && e.type === 'charge.authorization-requested'));

  /** Patient with 100 yuan own money; holder with 1000 yuan and a 200-yuan monthly limit. */
  async function shaanxiFamily() {
    const merchant = await db.merchant({ regionCode: '610113' });
    const patient = await db.person({ regionCode: '610113', balanceFen: 10000n });
    const holder = await db.person({ regionCode: '610104', balanceFen: 100000n });
    const binding = await db.binding({
      holderId: holder,
      beneficiaryId: patient,
      relationship: 'MOTHER',
      monthlyLimitFen: 20000n,
      paymentOrder: 1,
    });
    // 500 yuan: own 100, holder 200 within the limit, 200 above it needs approval.
    const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 50000 }] });
    return { merchant, patient, holder, binding, charge };
  }

  it('asks the holder, holds the covered legs, and on APPROVE settles once with the extra leg', async () => {
    const f = await shaanxiFamily();
    await kafka.produce('pos.charges.v1', f.patient, f.charge);
    const ask = await requested(f.charge.chargeId);
    expect(ask.data).toMatchObject({ holderId: f.holder, requestedFen: 20000, patientId: f.patient });
    // Held, not yet spent: no other charge can take it.
    expect(await db.account(f.holder)).toMatchObject({ balanceFen: 100000n, heldFen: 20000n });
    expect(await db.account(f.patient)).toMatchObject({ balanceFen: 10000n, heldFen: 10000n });

    const decision = {
      authorizationId: ask.data.authorizationId,
      holderId: f.holder,
      decision: 'APPROVE',
      decidedAt: new Date().toISOString(),
    };
    await kafka.produce('mutualaid.authorization-decisions.v1', f.holder, decision);
    await kafka.produce('mutualaid.authorization-decisions.v1', f.holder, { ...decision, decision: 'DECLINE' }); // too late: ignored
    const settled = await final(f.charge.chargeId);
    expect(settled.type).toBe('charge.settled');
    expect(settled.data.authorizationId).toBe(ask.data.authorizationId);
    expect(settled.data.amounts).toMatchObject({ acctPayFen: 50000, acctMulaidPayFen: 40000, psnCashPayFen: 0 });
    expect(settled.data.legs).toEqual([
      { accountId: f.patient, holderId: f.patient, relationship: 'SELF', amountFen: 10000, balanceAfterFen: 0 },
      { accountId: f.holder, holderId: f.holder, relationship: 'MOTHER', amountFen: 40000, balanceAfterFen: 60000 },
    ]);
    expect(await db.account(f.holder)).toMatchObject({ balanceFen: 60000n, heldFen: 0n });
    expect(await db.usage(f.binding)).toBe(40000n);
    await new Promise((r) => setTimeout(r, 500));
    expect(sut.events.filter((e) => e.subject === f.charge.chargeId && e.type === 'charge.settled')).toHaveLength(1);
    expect(await db.journalBalance(f.holder)).toBe(60000n);
    // The charge row (an update, not an insert) now holds the settled outcome, as published.
    const { rows } = await db.pool.query(`SELECT status, outcome FROM charges WHERE charge_id = $1`, [
      f.charge.chargeId,
    ]);
    expect(rows[0]).toEqual({ status: 'SETTLED', outcome: settled.data });
  });

  it('ignores a decision from someone other than the holder, and on DECLINE the rest is cash', async () => {
    const f = await shaanxiFamily();
    await kafka.produce('pos.charges.v1', f.patient, f.charge);
    const ask = await requested(f.charge.chargeId);
    const at = new Date().toISOString();
    await kafka.produce('mutualaid.authorization-decisions.v1', f.patient, {
      authorizationId: ask.data.authorizationId,
      holderId: f.patient,
      decision: 'APPROVE',
      decidedAt: at,
    });
    await kafka.produce('mutualaid.authorization-decisions.v1', f.holder, {
      authorizationId: ask.data.authorizationId,
      holderId: f.holder,
      decision: 'DECLINE',
      decidedAt: at,
    });
    const settled = await final(f.charge.chargeId);
    expect(settled.data.amounts).toMatchObject({ acctPayFen: 30000, acctMulaidPayFen: 20000, psnCashPayFen: 20000 });
    expect(await db.account(f.holder)).toMatchObject({ balanceFen: 80000n, heldFen: 0n });
    expect(await db.usage(f.binding)).toBe(20000n);
  });

  it('expires an unanswered request after AUTHORIZATION_TIMEOUT_S: the requested part is paid in cash', async () => {
    const f = await shaanxiFamily();
    await kafka.produce('pos.charges.v1', f.patient, f.charge);
    const ask = await requested(f.charge.chargeId);
    const settled = await final(f.charge.chargeId);
    expect(settled.data.authorizationId).toBe(ask.data.authorizationId);
    expect(settled.data.amounts).toMatchObject({ acctPayFen: 30000, psnCashPayFen: 20000 });
    const { rows } = await db.pool.query(`SELECT status FROM authorizations WHERE authorization_id = $1`, [
      ask.data.authorizationId,
    ]);
    expect(rows[0].status).toBe('EXPIRED');
    // A late approval changes nothing.
    await kafka.produce('mutualaid.authorization-decisions.v1', f.holder, {
      authorizationId: ask.data.authorizationId,
      holderId: f.holder,
      decision: 'APPROVE',
      decidedAt: new Date().toISOString(),
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await db.account(f.holder)).toMatchObject({ balanceFen: 80000n, heldFen: 0n });
  });

  it('a reversal while pending releases the holds and the charge is rejected with CHARGE_REVERSED', async () => {
    const f = await shaanxiFamily();
    await kafka.produce('pos.charges.v1', f.patient, f.charge);
    const ask = await requested(f.charge.chargeId);
    await kafka.produce('pos.reversals.v1', f.patient, {
      reversalId: `${f.charge.chargeId}-R`,
      chargeId: f.charge.chargeId,
      merchantId: f.merchant,
      terminalId: 'T01',
      patientId: f.patient,
      requestedAt: new Date().toISOString(),
      reason: 'TIMEOUT',
    });
    const outcome = await final(f.charge.chargeId);
    expect(outcome.type).toBe('charge.rejected');
    expect(outcome.data.reason?.code).toBe('CHARGE_REVERSED');
    const reversed = await eventually(() =>
      sut.events.find((e) => e.type === 'charge.reversed' && e.subject === f.charge.chargeId),
    );
    expect(reversed.data).toMatchObject({ originalStatus: 'PENDING_AUTHORIZATION', reversedFen: 0 });
    expect(await db.account(f.holder)).toMatchObject({ balanceFen: 100000n, heldFen: 0n });
    expect(await db.account(f.patient)).toMatchObject({ balanceFen: 10000n, heldFen: 0n });
    expect(await db.usage(f.binding)).toBe(0n);
    const { rows } = await db.pool.query(`SELECT status FROM authorizations WHERE authorization_id = $1`, [
      ask.data.authorizationId,
    ]);
    expect(rows[0].status).toBe('CANCELLED');
  });
});
