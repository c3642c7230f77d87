import { serviceUnderTest } from '../support/service-under-test';
import { eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { uid } from '../support/unique-ids';
import { ApiClient } from './support/api-client';

/** Credits over HTTP racing with settlements over Kafka on the same account stay consistent. */
describe('a credit racing with settlements on one account', () => {
  const sut = serviceUnderTest();
  const { db, kafka } = sut;
  let api: ApiClient;
  beforeAll(() => {
    api = new ApiClient(sut.app.baseUrl);
  });

  it('ends with balance = start + credits − legs, equal to the journal, never negative', async () => {
    const merchant = await db.merchant();
    const holder = await db.person({ regionCode: '110105', balanceFen: 3000n });
    const patients = await Promise.all(
      Array.from({ length: 4 }, () => db.person({ regionCode: '110105', insuranceType: 'RESIDENT' })),
    );
    for (const p of patients)
      await db.binding({ holderId: holder, beneficiaryId: p, relationship: 'CHILD', paymentOrder: 1 });
    const charges = patients.flatMap((p) =>
      Array.from({ length: 10 }, () =>
        chargeRequested({ merchantId: merchant, patientId: p, items: [{ amountFen: 700 }] }),
      ),
    );

    const credits = Array.from({ length: 20 }, () => ({
      creditId: uid('credit'),
      amountFen: 500,
      reason: 'MONTHLY_CONTRIBUTION',
    }));
    const producing = kafka.produceMany(
      'pos.charges.v1',
      charges.map((c) => ({ key: c.patientId, value: c })),
    );
    const crediting = Promise.all(credits.map((c) => api.post(`/v1/accounts/${holder}/credits`, c)));
    const [, answers] = await Promise.all([producing, crediting]);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    // each credit retried once more: no second credit
    const retries = await Promise.all(credits.slice(0, 5).map((c) => api.post(`/v1/accounts/${holder}/credits`, c)));
    expect(retries.every((a) => a.status === 200)).toBe(true);

    const ids = new Set(charges.map((c) => c.chargeId));
    const finals = await eventually(
      () => {
        const f = sut.events.filter((e) => ids.has(e.subject) && e.type === 'charge.settled');
        return f.length === charges.length ? f : undefined;
      },
      60000,
      'all outcomes',
    );
    const drawn = finals
      .flatMap((e) => e.data.legs as { accountId: string; amountFen: number }[])
      .filter((l) => l.accountId === holder)
      .reduce((s, l) => s + l.amountFen, 0);
    const account = await db.account(holder);
    expect(account.balanceFen).toBe(3000n + 20n * 500n - BigInt(drawn));
    expect(account.balanceFen).toBeGreaterThanOrEqual(0n);
    expect(await db.journalBalance(holder)).toBe(account.balanceFen);
    const view = await api.get(`/v1/accounts/${holder}`);
    expect(view.body).toMatchObject({ balanceFen: Number(account.balanceFen), heldFen: 0 });
  });
});
