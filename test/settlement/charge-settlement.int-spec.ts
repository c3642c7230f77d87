import { startApp, RunningApp } from '../support/start-app';
import { DbFixtures } from '../support/db-fixtures';
import { KafkaTestClient, ReceivedEvent, eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';

/**
 * The contract's examples end to end: a charge produced to pos.charges.v1 is settled by the
 * running service against PostgreSQL, and its one outcome is read back from settlement.events.v1.
 */
describe('settling charges over Kafka (real broker, real database)', () => {
  let app: RunningApp;
  const db = new DbFixtures();
  const kafka = new KafkaTestClient();
  let events: ReceivedEvent[];

  beforeAll(async () => {
    app = await startApp();
    events = await kafka.collectEvents();
  });
  afterAll(async () => {
    await app?.close();
    await kafka.close();
    await db.close();
  });

  const outcomeOf = (chargeId: string) =>
    eventually(() => events.find((e) => e.subject === chargeId && (e.type === 'charge.settled' || e.type === 'charge.rejected')), 30000, `outcome of ${chargeId}`);

  it('pays from the own account first, then relatives in payment order, the rest in cash', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 1000n });
    const mother = await db.person({ regionCode: '110105', balanceFen: 1500n });
    const spouse = await db.person({ regionCode: '110105', balanceFen: 100000n });
    // Payment order: mother first, then spouse (whose binding caps at 20 yuan a month).
    await db.binding({ holderId: mother, beneficiaryId: patient, relationship: 'CHILD', paymentOrder: 1 });
    const spouseBinding = await db.binding({ holderId: spouse, beneficiaryId: patient, relationship: 'SPOUSE', monthlyLimitFen: 2000n, paymentOrder: 2 });
    const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 6000, fundPaidFen: 500 }, { amountFen: 800, category: 'HEALTH_SUPPLEMENT' }] });

    await kafka.produce('pos.charges.v1', patient, charge);
    const outcome = await outcomeOf(charge.chargeId);

    expect(outcome.type).toBe('charge.settled');
    expect(outcome.id).toBe(`charge.settled:${charge.chargeId}`);
    expect(outcome.key).toBe(patient);
    expect(outcome.raw).toMatchObject({ specversion: '1.0', source: 'gongji/settlement-service', datacontenttype: 'application/json' });
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
    for (const id of [patient, mother, spouse]) expect(await db.journalBalance(id)).toBe((await db.account(id)).balanceFen);
    expect(await db.unbalancedJournalEntries()).toBe(0);
    const { rows } = await db.pool.query(`SELECT status, outcome FROM charges WHERE charge_id = $1`, [charge.chargeId]);
    expect(rows[0].status).toBe('SETTLED');
    expect(rows[0].outcome.amounts.acctPayFen).toBe(4500);
  });
});
