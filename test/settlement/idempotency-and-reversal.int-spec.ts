import { serviceUnderTest } from '../support/service-under-test';
import { ReceivedEvent, eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { uid } from '../support/unique-ids';

const settle = (events: ReceivedEvent[], chargeId: string) =>
  events.filter((e) => e.subject === chargeId && (e.type === 'charge.settled' || e.type === 'charge.rejected'));

describe('duplicates, conflicts and reversals over Kafka', () => {
  const sut = serviceUnderTest();
  const { db, kafka } = sut;

  async function family() {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 1000n });
    const holder = await db.person({ regionCode: '110105', balanceFen: 50000n });
    const binding = await db.binding({
      holderId: holder,
      beneficiaryId: patient,
      relationship: 'FATHER',
      monthlyLimitFen: 10000n,
      paymentOrder: 1,
    });
    return { merchant, patient, holder, binding };
  }

  const reversalOf = (
    charge: { chargeId: string; merchantId: unknown; patientId: unknown },
    reversalId = uid('R'),
  ) => ({
    reversalId,
    chargeId: charge.chargeId,
    merchantId: charge.merchantId,
    terminalId: 'T01',
    patientId: charge.patientId,
    requestedAt: new Date().toISOString(),
    reason: 'CUSTOMER_RETURN',
  });

  it('moves money once for a redelivered charge, answers a conflicting reuse of its id, and keeps the original outcome', async () => {
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 3000 }] });
    const conflicting = { ...charge, items: [{ ...(charge.items as object[])[0], amountFen: 3100 }], totalFen: 3100 };
    await kafka.produce('pos.charges.v1', f.patient, charge);
    await kafka.produce('pos.charges.v1', f.patient, charge);
    await kafka.produce('pos.charges.v1', f.patient, conflicting);
    await kafka.produce('pos.charges.v1', f.patient, charge);

    const conflict = await eventually(() =>
      sut.events.find((e) => e.subject === charge.chargeId && e.data.reason?.code === 'DUPLICATE_CONFLICT'),
    );
    // A later control charge on the same partition proves the duplicates were consumed too.
    const control = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 1 }] });
    await kafka.produce('pos.charges.v1', f.patient, control);
    await eventually(() => settle(sut.events, control.chargeId)[0]);

    const outcomes = settle(sut.events, charge.chargeId).filter((e) => e.id !== conflict.id);
    expect(outcomes.map((e) => e.type)).toEqual(['charge.settled']);
    expect(conflict.id).not.toBe(outcomes[0].id);
    expect((await db.account(f.patient)).balanceFen).toBe(0n);
    expect((await db.account(f.holder)).balanceFen).toBe(50000n - 2000n - 1n);
    const { rows } = await db.pool.query(`SELECT status FROM charges WHERE charge_id = $1`, [charge.chargeId]);
    expect(rows[0].status).toBe('SETTLED');
  });

  it('keeps a rejected chargeId rejected on retry, even after the cause is fixed', async () => {
    const f = await family();
    const charge = chargeRequested({
      merchantId: f.merchant,
      patientId: f.patient,
      credentialPersonId: f.holder,
      items: [{ amountFen: 500 }],
    });
    await kafka.produce('pos.charges.v1', f.patient, charge);
    await eventually(() => settle(sut.events, charge.chargeId)[0]);
    await kafka.produce('pos.charges.v1', f.patient, charge);
    const control = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 1 }] });
    await kafka.produce('pos.charges.v1', f.patient, control);
    await eventually(() => settle(sut.events, control.chargeId)[0]);
    expect(settle(sut.events, charge.chargeId).map((e) => e.data.reason?.code)).toEqual(['CREDENTIAL_MISMATCH']);
  });

  it('reverses a settled charge: every leg back, usage freed, journal balanced; a second reversal moves nothing', async () => {
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 4000 }] });
    await kafka.produce('pos.charges.v1', f.patient, charge);
    await eventually(() => settle(sut.events, charge.chargeId)[0]);
    expect(await db.usage(f.binding)).toBe(3000n);

    const reversal = reversalOf(charge);
    await kafka.produce('pos.reversals.v1', f.patient, reversal);
    await kafka.produce('pos.reversals.v1', f.patient, reversal); // redelivered: no second outcome
    const second = reversalOf(charge);
    await kafka.produce('pos.reversals.v1', f.patient, second);

    const reversed = await eventually(() =>
      sut.events.find((e) => e.type === 'charge.reversed' && e.subject === charge.chargeId),
    );
    expect(reversed.data).toMatchObject({
      chargeId: charge.chargeId,
      reversalId: reversal.reversalId,
      reversedFen: 4000,
      originalStatus: 'SETTLED',
      legs: [
        { accountId: f.patient, relationship: 'SELF', amountFen: 1000, balanceAfterFen: 1000 },
        { accountId: f.holder, relationship: 'FATHER', amountFen: 3000, balanceAfterFen: 50000 },
      ],
    });
    const rejected = await eventually(() =>
      sut.events.find((e) => e.type === 'reversal.rejected' && e.data.reversalId === second.reversalId),
    );
    expect(rejected.data.reason?.code).toBe('REVERSAL_CONFLICT');
    expect(sut.events.filter((e) => e.type === 'charge.reversed' && e.subject === charge.chargeId)).toHaveLength(1);
    expect((await db.account(f.patient)).balanceFen).toBe(1000n);
    expect((await db.account(f.holder)).balanceFen).toBe(50000n);
    expect(await db.usage(f.binding)).toBe(0n);
    expect(await db.journalBalance(f.holder)).toBe(50000n);
    expect(await db.unbalancedJournalEntries()).toBe(0);
  });

  it('keeps a reversal that arrives before its charge, and then rejects the charge with CHARGE_REVERSED', async () => {
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 700 }] });
    await kafka.produce('pos.reversals.v1', f.patient, reversalOf(charge));
    const early = await eventually(() =>
      sut.events.find((e) => e.type === 'charge.reversed' && e.subject === charge.chargeId),
    );
    expect(early.data).toMatchObject({ originalStatus: 'NOT_RECEIVED', reversedFen: 0, legs: [] });
    await kafka.produce('pos.charges.v1', f.patient, charge);
    const outcome = await eventually(() => settle(sut.events, charge.chargeId)[0]);
    expect(outcome.data.reason?.code).toBe('CHARGE_REVERSED');
    expect((await db.account(f.patient)).balanceFen).toBe(1000n);
  });

  it('refuses a reversal from another merchant (MERCHANT_MISMATCH) and a malformed one (INVALID_REVERSAL)', async () => {
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 700 }] });
    await kafka.produce('pos.charges.v1', f.patient, charge);
    await eventually(() => settle(sut.events, charge.chargeId)[0]);
    const wrongMerchant = { ...reversalOf(charge), merchantId: await db.merchant() };
    const malformed = { ...reversalOf(charge), reason: 'BECAUSE' };
    await kafka.produce('pos.reversals.v1', f.patient, wrongMerchant);
    await kafka.produce('pos.reversals.v1', f.patient, malformed);
    const a = await eventually(() =>
      sut.events.find((e) => e.type === 'reversal.rejected' && e.data.reversalId === wrongMerchant.reversalId),
    );
    const b = await eventually(() =>
      sut.events.find((e) => e.type === 'reversal.rejected' && e.data.reversalId === malformed.reversalId),
    );
    expect(a.data.reason?.code).toBe('MERCHANT_MISMATCH');
    expect(b.data.reason).toEqual({ code: 'INVALID_REVERSAL', message: expect.stringContaining('reason') });
    expect((await db.account(f.patient)).balanceFen).toBe(300n);
  });

  // JSON.parse reads "\ud800" as a lone surrogate, PostgreSQL's json refuses it: such messages
  // went to the DLQ with no answer.
  it('answers a charge and a reversal that spell a lone surrogate with a rejection naming the field', async () => {
    const f = await family();
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.patient, items: [{ amountFen: 700 }] });
    const reversal = { ...reversalOf(charge), note: 'x' };
    await kafka.produce(
      'pos.charges.v1',
      f.patient,
      Buffer.from(JSON.stringify(charge).replace('"name":"', '"name":"\\ud800')),
    );
    await kafka.produce(
      'pos.reversals.v1',
      f.patient,
      Buffer.from(JSON.stringify(reversal).replace('"x"', '"\\udc00"')),
    );
    const c = await eventually(() => sut.events.find((e) => e.subject === charge.chargeId));
    const r = await eventually(() =>
      sut.events.find((e) => e.type === 'reversal.rejected' && e.data.reversalId === reversal.reversalId),
    );
    expect(c.type).toBe('charge.rejected');
    expect(c.data.reason).toEqual({ code: 'INVALID_CHARGE', message: expect.stringContaining('items[0].name') });
    expect(r.data.reason).toEqual({ code: 'INVALID_REVERSAL', message: expect.stringContaining('note') });
    expect((await db.account(f.patient)).balanceFen).toBe(1000n);
  });
});
