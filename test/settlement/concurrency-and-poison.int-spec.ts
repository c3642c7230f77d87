import { startApp, RunningApp } from '../support/start-app';
import { DbFixtures } from '../support/db-fixtures';
import { KafkaTestClient, ReceivedEvent, eventually, DlqRecord } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { uid } from '../support/unique-ids';

describe('concurrency on one holder, and poison messages', () => {
  let apps: RunningApp[];
  const db = new DbFixtures();
  const kafka = new KafkaTestClient();
  let events: ReceivedEvent[];
  const dlq: DlqRecord[] = [];

  beforeAll(async () => {
    // Two service instances in one consumer group: their transactions really race on the holder.
    apps = [await startApp(), await startApp()];
    events = await kafka.collectEvents();
    await kafka.tail('pos.charges.v1.dlq', (m) => ({ key: m.key, value: m.value, headers: m.headers }), dlq);
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await kafka.close();
    await db.close();
  });

  it('8 patients drawing at once on one holder: never below the reserve, legs sum to the balance change, journal balanced', async () => {
    const merchant = await db.merchant();
    const holder = await db.person({ regionCode: '110105', balanceFen: 100000n, reserveFen: 20000n });
    const patients: string[] = [];
    for (let i = 0; i < 8; i++) {
      const p = await db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
      await db.binding({ holderId: holder, beneficiaryId: p, relationship: 'CHILD', paymentOrder: 1 });
      patients.push(p);
    }
    // 8 x 15 charges of 1,000 fen = 120,000 fen asked; only 80,000 is above the reserve.
    const charges = patients.flatMap((p) =>
      Array.from({ length: 15 }, () =>
        chargeRequested({ merchantId: merchant, patientId: p, items: [{ amountFen: 1000 }] }),
      ),
    );
    await Promise.all(
      patients.map((p) =>
        kafka.produceMany(
          'pos.charges.v1',
          charges.filter((c) => c.patientId === p).map((c) => ({ key: p, value: c })),
        ),
      ),
    );

    const ids = new Set(charges.map((c) => c.chargeId));
    const finals = await eventually(
      () => {
        const f = events.filter(
          (e) => ids.has(e.subject) && (e.type === 'charge.settled' || e.type === 'charge.rejected'),
        );
        return f.length >= charges.length ? f : undefined;
      },
      60000,
      'all outcomes',
    );
    expect(new Set(finals.map((e) => e.id)).size).toBe(charges.length);
    expect(finals.every((e) => e.type === 'charge.settled')).toBe(true);

    const holderLegs = finals.flatMap((e) =>
      (e.data.legs as { accountId: string; amountFen: number }[]).filter((l) => l.accountId === holder),
    );
    const drawn = holderLegs.reduce((s, l) => s + l.amountFen, 0);
    const after = await db.account(holder);
    expect(drawn).toBe(80000);
    expect(after.balanceFen).toBe(100000n - BigInt(drawn));
    expect(after.balanceFen).toBeGreaterThanOrEqual(after.reserveFen);
    expect(await db.journalBalance(holder)).toBe(after.balanceFen);
    expect(await db.unbalancedJournalEntries()).toBe(0);
    const cash = finals.reduce((s, e) => s + (e.data.amounts as { psnCashPayFen: number }).psnCashPayFen, 0);
    expect(cash).toBe(120000 - 80000);
  });

  it('sends a poison message to the DLQ untouched, with the contract headers, and the partition keeps flowing', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 5000n });
    const garbage = Buffer.from('{"chargeId": "oops", not json');
    const idless = JSON.stringify({ merchantId: merchant, patientId: patient, items: [] });
    await kafka.produce('pos.charges.v1', patient, garbage);
    await kafka.produce('pos.charges.v1', patient, idless);
    const good = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 1234 }] });
    await kafka.produce('pos.charges.v1', patient, good);

    const outcome = await eventually(() =>
      events.find((e) => e.subject === good.chargeId && e.type === 'charge.settled'),
    );
    expect(outcome.data.amounts).toMatchObject({ acctPayFen: 1234 });
    const dead = await eventually(() => {
      const mine = dlq.filter((d) => d.key === patient);
      return mine.length >= 2 ? mine : undefined;
    });
    expect(dead[0].value?.equals(garbage)).toBe(true);
    expect(dead[0].headers).toMatchObject({ 'x-error-code': 'NOT_JSON_OBJECT', 'x-original-topic': 'pos.charges.v1' });
    expect(dead[0].headers['x-original-partition']).toMatch(/^\d+$/);
    expect(dead[0].headers['x-original-offset']).toMatch(/^\d+$/);
    expect(dead[0].headers['x-error-message']).toEqual(expect.any(String));
    expect(dead[1].value?.toString()).toBe(idless);
    expect(dead[1].headers['x-error-code']).toBe('MISSING_ID');
    expect(Number(dead[1].headers['x-original-offset'])).toBeGreaterThan(Number(dead[0].headers['x-original-offset']));
  });

  // `"constructor": null` once made the decoder throw, and the whole fetched batch was retried forever.
  it('settles a charge carrying a constructor or __proto__ field like any extra field', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 5000n });
    const charges = ['constructor', '__proto__'].map((key) => {
      const c = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] });
      return { chargeId: c.chargeId, text: JSON.stringify(c).replace('{', `{"${key}":null,`) };
    });
    for (const c of charges) await kafka.produce('pos.charges.v1', patient, Buffer.from(c.text));
    for (const c of charges) {
      const outcome = await eventually(() => events.find((e) => e.subject === c.chargeId));
      expect(outcome.type).toBe('charge.settled');
    }
  });

  it('sends an empty or invalid authorization decision to its DLQ with the reason', async () => {
    const holder = uid('H');
    const dlqDecisions: DlqRecord[] = [];
    await kafka.tail(
      'mutualaid.authorization-decisions.v1.dlq',
      (m) => ({ key: m.key, value: m.value, headers: m.headers }),
      dlqDecisions,
    );
    await kafka.produce('mutualaid.authorization-decisions.v1', holder, Buffer.alloc(0));
    await kafka.produce('mutualaid.authorization-decisions.v1', holder, {
      authorizationId: 'x',
      holderId: holder,
      decision: 'MAYBE',
      decidedAt: new Date().toISOString(),
    });
    const dead = await eventually(() => {
      const mine = dlqDecisions.filter((d) => d.key === holder);
      return mine.length >= 2 ? mine : undefined;
    });
    expect(dead.map((d) => d.headers['x-error-code'])).toEqual(['NOT_JSON_OBJECT', 'INVALID_DECISION']);
    expect(dead[1].headers['x-error-message']).toContain('decision');
  });
});
