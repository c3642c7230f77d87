import { serviceUnderTest } from '../support/service-under-test';
import { eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { ApiClient } from './support/api-client';
import { holderToken, auditorToken } from './support/tokens';

describe('POST /v1/quotes and POST /v1/authorizations/{id}/decision', () => {
  const sut = serviceUnderTest({ AUTHORIZATION_TIMEOUT_S: '60' });
  const { db, kafka } = sut;
  let api: ApiClient;
  beforeAll(() => {
    api = new ApiClient(sut.app.baseUrl);
  });

  it('quotes exactly what the charge then gets, moving and holding nothing', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 800n });
    const holder = await db.person({ regionCode: '110105', balanceFen: 5000n, reserveFen: 1000n });
    await db.binding({ holderId: holder, beneficiaryId: patient, relationship: 'SPOUSE', paymentOrder: 1 });
    const charge = chargeRequested({
      merchantId: merchant,
      patientId: patient,
      items: [
        { amountFen: 6000, fundPaidFen: 200 },
        { amountFen: 300, category: 'NON_MEDICAL' },
      ],
    });

    const quote = await api.post('/v1/quotes', charge);
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({ outcome: 'SETTLED', chargeId: charge.chargeId, authorization: null });
    expect(await db.account(patient)).toMatchObject({ balanceFen: 800n, heldFen: 0n });
    expect(await db.account(holder)).toMatchObject({ balanceFen: 5000n, heldFen: 0n });
    const { rows } = await db.pool.query(`SELECT 1 FROM charges WHERE charge_id = $1`, [charge.chargeId]);
    expect(rows).toHaveLength(0);

    await kafka.produce('pos.charges.v1', patient, charge);
    const settled = await eventually(() =>
      sut.events.find((e) => e.subject === charge.chargeId && e.type === 'charge.settled'),
    );
    expect(settled.data.amounts).toEqual(quote.body.amounts);
    expect(settled.data.legs).toEqual(quote.body.legs);
    expect(settled.data.balcFen).toBe(quote.body.balcFen);
    expect(quote.body.amounts).toMatchObject({
      acctPayFen: 4800,
      acctMulaidPayFen: 4000,
      ineligibleFen: 300,
      psnCashPayFen: 1300,
    });
  });

  it('answers a malformed quote with 400 INVALID_REQUEST naming the field, and a refused one with its reason', async () => {
    const merchant = await db.merchant({ designated: false });
    const patient = await db.person({ regionCode: '110105', balanceFen: 800n });
    const bad = {
      ...chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] }),
      totalFen: 5,
    };
    const answer = await api.post('/v1/quotes', bad);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('INVALID_REQUEST');
    expect(answer.body.fields).toEqual([expect.objectContaining({ field: 'totalFen' })]);

    const refused = await api.post(
      '/v1/quotes',
      chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] }),
    );
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ outcome: 'REJECTED', reason: { code: 'MERCHANT_NOT_DESIGNATED' } });
    expect((await api.post('/v1/quotes', bad, auditorToken())).status).toBe(403);
  });

  it('lets only the holder decide over HTTP, settles once, and refuses a second answer with 409', async () => {
    const merchant = await db.merchant({ regionCode: '610113' });
    const patient = await db.person({ regionCode: '610113', insuranceType: 'RESIDENT' });
    const holder = await db.person({ regionCode: '610113', balanceFen: 100000n });
    const stranger = await db.person({ regionCode: '610113', balanceFen: 100000n });
    await db.binding({
      holderId: holder,
      beneficiaryId: patient,
      relationship: 'FATHER',
      monthlyLimitFen: 20000n,
      paymentOrder: 1,
    });
    const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 30000 }] });

    const quote = await api.post('/v1/quotes', charge);
    expect(quote.body).toMatchObject({
      outcome: 'PENDING_AUTHORIZATION',
      authorization: { holderId: holder, requestedFen: 10000 },
    });

    await kafka.produce('pos.charges.v1', patient, charge);
    const ask = await eventually(() =>
      sut.events.find((e) => e.subject === charge.chargeId && e.type === 'charge.authorization-requested'),
    );
    const path = `/v1/authorizations/${ask.data.authorizationId as string}/decision`;

    expect((await api.post(path, { decision: 'APPROVE' }, holderToken(stranger))).status).toBe(403);
    expect((await api.post(path, { decision: 'MAYBE' }, holderToken(holder))).status).toBe(400);
    const approved = await api.post(path, { decision: 'APPROVE' }, holderToken(holder));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ chargeId: charge.chargeId, authorizationId: ask.data.authorizationId });
    expect(approved.body.amounts).toMatchObject({ acctPayFen: 30000, acctMulaidPayFen: 30000, psnCashPayFen: 0 });

    const again = await api.post(path, { decision: 'DECLINE' }, holderToken(holder));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('AUTHORIZATION_NOT_PENDING');
    expect((await api.post('/v1/authorizations/no-such-authorization/decision', { decision: 'APPROVE' })).status).toBe(
      404,
    );

    const settled = await eventually(() =>
      sut.events.find((e) => e.subject === charge.chargeId && e.type === 'charge.settled'),
    );
    expect(settled.data).toEqual(approved.body);
    expect(await db.account(holder)).toMatchObject({ balanceFen: 70000n, heldFen: 0n });
  });
});
