import { serviceUnderTest } from '../support/service-under-test';
import { eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { eventIds } from '../../apps/settlement-service/src/application/settlement/outcome-events';

/**
 * The contract's examples end to end: a charge produced to pos.charges.v1 is settled by the
 * running service against PostgreSQL, and its one outcome is read back from settlement.events.v1.
 */
describe('settling charges over Kafka (real broker, real database)', () => {
  const sut = serviceUnderTest();
  const { db, kafka } = sut;

  const outcomeOf = (chargeId: string) =>
    eventually(
      () =>
        sut.events.find((e) => e.subject === chargeId && (e.type === 'charge.settled' || e.type === 'charge.rejected')),
      30000,
      `outcome of ${chargeId}`,
    );

  it('pays from the own account first, then relatives in payment order, the rest in cash', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 1000n });
    const mother = await db.person({ regionCode: '110105', balanceFen: 1500n });
    const spouse = await db.person({ regionCode: '110105', balanceFen: 100000n });
    // Payment order: mother first, then spouse (whose binding caps at 20 yuan a month).
    await db.binding({ holderId: mother, beneficiaryId: patient, relationship: 'CHILD', paymentOrder: 1 });
    const spouseBinding = await db.binding({
      holderId: spouse,
      beneficiaryId: patient,
      relationship: 'SPOUSE',
      monthlyLimitFen: 2000n,
      paymentOrder: 2,
    });
    const charge = chargeRequested({
      merchantId: merchant,
      patientId: patient,
      items: [
        { amountFen: 6000, fundPaidFen: 500 },
        { amountFen: 800, category: 'HEALTH_SUPPLEMENT' },
      ],
    });

    await kafka.produce('pos.charges.v1', patient, charge);
    const outcome = await outcomeOf(charge.chargeId);

    expect(outcome.type).toBe('charge.settled');
    expect(outcome.id).toBe(eventIds.settled(charge.chargeId));
    expect(outcome.key).toBe(patient);
    expect(outcome.raw).toMatchObject({
      specversion: '1.0',
      source: 'gongji/settlement-service',
      datacontenttype: 'application/json',
    });
    expect(outcome.data.amounts).toEqual({
      medfeeSumamtFen: 6800,
      fundPaySumamtFen: 500,
      psnPartAmtFen: 6300,
      ineligibleFen: 800,
      acctPayFen: 4500,
      acctMulaidPayFen: 3500,
      psnCashPayFen: 1800,
    });
    expect(outcome.data.legs).toEqual([
      { accountId: patient, holderId: patient, relationship: 'SELF', amountFen: 1000, balanceAfterFen: 0 },
      { accountId: mother, holderId: mother, relationship: 'CHILD', amountFen: 1500, balanceAfterFen: 0 },
      { accountId: spouse, holderId: spouse, relationship: 'SPOUSE', amountFen: 2000, balanceAfterFen: 98000 },
    ]);
    expect(outcome.data.balcFen).toBe(0);

    // The database agrees with the event, and the journal with the balances.
    expect((await db.account(spouse)).balanceFen).toBe(98000n);
    expect(await db.usage(spouseBinding)).toBe(2000n);
    for (const id of [patient, mother, spouse])
      expect(await db.journalBalance(id)).toBe((await db.account(id)).balanceFen);
    expect(await db.unbalancedJournalEntries()).toBe(0);
    const { rows } = await db.pool.query(
      `SELECT status, outcome, medfee_sumamt_fen, fund_pay_sumamt_fen, psn_part_amt_fen, ineligible_fen, acct_pay_fen,
              acct_mulaid_pay_fen, psn_cash_pay_fen
         FROM charges WHERE charge_id = $1`,
      [charge.chargeId],
    );
    expect(rows[0].status).toBe('SETTLED');
    expect(rows[0].outcome.amounts.acctPayFen).toBe(4500);
    // The amount columns (what reconciliation sums) hold the event's amounts, each in its place.
    expect(rows[0]).toMatchObject({
      medfee_sumamt_fen: '6800',
      fund_pay_sumamt_fen: '500',
      psn_part_amt_fen: '6300',
      ineligible_fen: '800',
      acct_pay_fen: '4500',
      acct_mulaid_pay_fen: '3500',
      psn_cash_pay_fen: '1800',
    });
  });

  it('pays a resident patient without an account from relatives, and off-catalogue items only where the region allows', async () => {
    const merchant = await db.merchant({ regionCode: '140105' });
    // Shanxi (14): only catalogue items are payable from any account.
    const child = await db.person({ regionCode: '140105', insuranceType: 'RESIDENT' });
    const father = await db.person({ regionCode: '140105', balanceFen: 50000n });
    await db.binding({ holderId: father, beneficiaryId: child, relationship: 'CHILD', paymentOrder: 1 });
    const charge = chargeRequested({
      merchantId: merchant,
      patientId: child,
      items: [{ amountFen: 3000 }, { amountFen: 1200, inCatalog: false }, { amountFen: 500, category: 'NON_MEDICAL' }],
    });
    await kafka.produce('pos.charges.v1', child, charge);
    const outcome = await outcomeOf(charge.chargeId);
    expect(outcome.type).toBe('charge.settled');
    expect(outcome.data.amounts).toMatchObject({
      psnPartAmtFen: 4700,
      ineligibleFen: 1700,
      acctPayFen: 3000,
      acctMulaidPayFen: 3000,
      psnCashPayFen: 1700,
    });
    expect(outcome.data.balcFen).toBeNull();
    expect(outcome.data.legs).toEqual([
      { accountId: father, holderId: father, relationship: 'CHILD', amountFen: 3000, balanceAfterFen: 47000 },
    ]);
    expect(outcome.data.policyVersion).toMatch(/14/);
  });

  it("keeps Shaanxi relatives' accounts out of inpatient costs and leaves the holder's reserve untouched", async () => {
    const merchant = await db.merchant({ regionCode: '610113' });
    const patient = await db.person({ regionCode: '610113', insuranceType: 'RESIDENT' });
    const holder = await db.person({ regionCode: '610113', balanceFen: 30000n, reserveFen: 25000n });
    await db.binding({
      holderId: holder,
      beneficiaryId: patient,
      relationship: 'SPOUSE',
      monthlyLimitFen: 200000n,
      paymentOrder: 1,
    });
    const charge = chargeRequested({
      merchantId: merchant,
      patientId: patient,
      items: [{ amountFen: 9000, category: 'INPATIENT_SERVICE' }, { amountFen: 8000 }],
    });
    await kafka.produce('pos.charges.v1', patient, charge);
    const outcome = await outcomeOf(charge.chargeId);
    // Only the drug is payable by the relative, and only 5000 fen above the reserve.
    expect(outcome.data.amounts).toMatchObject({
      psnPartAmtFen: 17000,
      acctPayFen: 5000,
      acctMulaidPayFen: 5000,
      psnCashPayFen: 12000,
      ineligibleFen: 0,
    });
    expect((await db.account(holder)).balanceFen).toBe(25000n);
  });

  it.each([
    [
      'UNKNOWN_MERCHANT',
      async () => ({
        merchantId: 'no-such-merchant-' + Date.now(),
        patientId: await db.person({ regionCode: '110105', balanceFen: 100n }),
      }),
    ],
    [
      'MERCHANT_NOT_DESIGNATED',
      async () => ({
        merchantId: await db.merchant({ designated: false }),
        patientId: await db.person({ regionCode: '110105', balanceFen: 100n }),
      }),
    ],
    ['UNKNOWN_PATIENT', async () => ({ merchantId: await db.merchant(), patientId: 'no-such-person-' + Date.now() })],
    [
      'PATIENT_NOT_INSURED',
      async () => ({
        merchantId: await db.merchant(),
        patientId: await db.person({ regionCode: '110105', enrollmentStatus: 'TERMINATED', balanceFen: 100n }),
      }),
    ],
  ])('rejects with %s and moves no money', async (code, setup) => {
    const { merchantId, patientId } = await setup();
    const charge = chargeRequested({ merchantId, patientId, items: [{ amountFen: 100 }] });
    await kafka.produce('pos.charges.v1', patientId, charge);
    const outcome = await outcomeOf(charge.chargeId);
    expect(outcome.type).toBe('charge.rejected');
    expect(outcome.data.reason?.code).toBe(code);
    expect(outcome.data.reason?.message).toEqual(expect.any(String));
    expect(outcome.data.reason?.message).not.toContain(patientId);
  });

  it('rejects a borrowed card (CREDENTIAL_MISMATCH) and a charge from two days ago (STALE_CHARGE)', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 10000n });
    const other = await db.person({ regionCode: '110105', balanceFen: 10000n });
    const borrowed = chargeRequested({
      merchantId: merchant,
      patientId: patient,
      credentialPersonId: other,
      items: [{ amountFen: 100 }],
    });
    const stale = chargeRequested({
      merchantId: merchant,
      patientId: patient,
      occurredAt: new Date(Date.now() - 2 * 86400_000),
      items: [{ amountFen: 100 }],
    });
    await kafka.produce('pos.charges.v1', patient, borrowed);
    await kafka.produce('pos.charges.v1', patient, stale);
    expect((await outcomeOf(borrowed.chargeId)).data.reason?.code).toBe('CREDENTIAL_MISMATCH');
    expect((await outcomeOf(stale.chargeId)).data.reason?.code).toBe('STALE_CHARGE');
    expect((await db.account(patient)).balanceFen).toBe(10000n);
    expect((await db.account(other)).balanceFen).toBe(10000n);
  });

  it('rejects a malformed charge with INVALID_CHARGE naming the field', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 10000n });
    const bad = {
      ...chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] }),
      totalFen: 99,
    };
    const fractional = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] });
    (fractional.items as { amountFen: number }[])[0].amountFen = 99.5;
    await kafka.produce('pos.charges.v1', patient, bad);
    await kafka.produce('pos.charges.v1', patient, fractional);
    const a = await outcomeOf(bad.chargeId);
    const b = await outcomeOf(fractional.chargeId);
    expect(a.data.reason).toEqual({ code: 'INVALID_CHARGE', message: expect.stringContaining('totalFen') });
    expect(b.data.reason).toEqual({ code: 'INVALID_CHARGE', message: expect.stringContaining('items[0].amountFen') });
    expect(a.data.patientId).toBe(patient);
    expect((await db.account(patient)).balanceFen).toBe(10000n);
  });

  it('keeps each charge as received, settled or rejected, minus fields the contract does not know (the audit copy)', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 10000n });
    const good = chargeRequested({
      merchantId: merchant,
      patientId: patient,
      items: [{ amountFen: 100 }],
    });
    const bad = {
      ...chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] }),
      totalFen: 1,
    };
    (good.items as { name: string }[])[0].name = '阿莫西林胶囊';
    // An extra field a terminal may add is not stored (SECURITY.md: junk is not kept); every
    // contract field is, with its value as sent.
    const texts = [good, bad].map((c) => JSON.stringify({ terminalNote: 'x', ...c }, null, 1));
    for (const text of texts) await kafka.produce('pos.charges.v1', patient, Buffer.from(text));
    expect((await outcomeOf(good.chargeId)).type).toBe('charge.settled');
    expect((await outcomeOf(bad.chargeId)).type).toBe('charge.rejected');
    const { rows } = await db.pool.query<{ charge_id: string; request: string }>(
      `SELECT charge_id, request::text AS request FROM charges WHERE charge_id = ANY($1) ORDER BY charge_id = $2 DESC`,
      [[good.chargeId, bad.chargeId], good.chargeId],
    );
    expect(rows.map((r) => JSON.parse(r.request) as unknown)).toEqual([good, bad]);
    expect(rows.every((r) => !r.request.includes('terminalNote'))).toBe(true);
  });
});
