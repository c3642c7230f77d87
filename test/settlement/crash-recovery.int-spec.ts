import { DbFixtures } from '../support/db-fixtures';
import { KafkaTestClient, ReceivedEvent, eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { ServiceProcess } from '../support/service-process';

const CHARGES = 2400;
const FINAL = new Set(['charge.settled', 'charge.rejected']);

/**
 * SIGKILL in the middle of a stream: after a restart every charge has exactly one final outcome
 * (by event id), no account was debited twice, and the journal balances.
 */
describe('crash safety (service killed with SIGKILL mid-stream)', () => {
  const db = new DbFixtures();
  const kafka = new KafkaTestClient();
  const service = new ServiceProcess(3917, {}, 'crash-test');
  let events: ReceivedEvent[];

  beforeAll(async () => {
    events = await kafka.collectEvents();
  });
  afterAll(async () => {
    await service.stop();
    await kafka.close();
    await db.close();
  });

  it(`settles ${CHARGES} charges exactly once across a SIGKILL and a restart`, async () => {
    const merchant = await db.merchant();
    const holders = await Promise.all(
      Array.from({ length: 10 }, () => db.person({ regionCode: '110105', balanceFen: 400000n, reserveFen: 10000n })),
    );
    const patients: string[] = [];
    const initial = new Map<string, bigint>(holders.map((h) => [h, 400000n]));
    for (let i = 0; i < 60; i++) {
      const own = BigInt(2000 + i * 37);
      const p = await db.person({ regionCode: '110105', balanceFen: own });
      initial.set(p, own);
      await db.binding({
        holderId: holders[i % 10],
        beneficiaryId: p,
        relationship: 'CHILD',
        monthlyLimitFen: 150000n,
        paymentOrder: 1,
      });
      await db.binding({ holderId: holders[(i + 3) % 10], beneficiaryId: p, relationship: 'SIBLING', paymentOrder: 2 });
      patients.push(p);
    }
    const charges = Array.from({ length: CHARGES }, (_, i) =>
      chargeRequested({
        merchantId: merchant,
        patientId: patients[i % patients.length],
        items: [{ amountFen: 300 + (i % 17) * 41, fundPaidFen: i % 3 === 0 ? 100 : 0 }],
      }),
    );
    const ids = new Set(charges.map((c) => c.chargeId));
    const finalsSeen = () =>
      new Set(events.filter((e) => ids.has(e.subject) && FINAL.has(e.type)).map((e) => e.id)).size;

    await service.start();
    const producing = kafka.produceMany(
      'pos.charges.v1',
      charges.map((c) => ({ key: c.patientId, value: c })),
    );
    // Kill once a part of the stream is settled and the rest is still coming.
    await eventually(() => finalsSeen() >= 300 || undefined, 60000, '300 outcomes before the kill');
    await service.kill();
    const killedAt = finalsSeen();
    await producing;
    // Redeliveries after the restart are normal; resend some charges as a terminal retry would.
    await kafka.produceMany(
      'pos.charges.v1',
      charges.slice(0, 200).map((c) => ({ key: c.patientId, value: c })),
    );
    await service.start();

    await eventually(() => finalsSeen() >= CHARGES || undefined, 180000, 'every charge to have an outcome');
    await new Promise((r) => setTimeout(r, 1000)); // let stragglers (re-sent outcomes) arrive

    expect(killedAt).toBeLessThan(CHARGES);
    const mine = events.filter((e) => ids.has(e.subject) && FINAL.has(e.type));
    // Exactly one final outcome per charge: one distinct event id, whatever was re-sent.
    const idsByCharge = new Map<string, Set<string>>();
    for (const e of mine) idsByCharge.set(e.subject, (idsByCharge.get(e.subject) ?? new Set()).add(e.id));
    expect(idsByCharge.size).toBe(CHARGES);
    expect([...idsByCharge.values()].every((s) => s.size === 1)).toBe(true);
    // A re-sent event is the same event.
    const byId = new Map<string, string>();
    for (const e of mine) {
      const text = JSON.stringify(e.raw);
      if (byId.has(e.id)) expect(text).toBe(byId.get(e.id));
      byId.set(e.id, text);
    }

    // No account debited twice: each balance = initial − legs of the distinct settled outcomes.
    const drawn = new Map<string, bigint>();
    for (const e of new Map(mine.map((x) => [x.id, x])).values()) {
      if (e.type !== 'charge.settled') continue;
      for (const l of e.data.legs as { accountId: string; amountFen: number }[])
        drawn.set(l.accountId, (drawn.get(l.accountId) ?? 0n) + BigInt(l.amountFen));
    }
    for (const [accountId, start] of initial) {
      const acct = await db.account(accountId);
      expect({ accountId, balance: acct.balanceFen }).toEqual({
        accountId,
        balance: start - (drawn.get(accountId) ?? 0n),
      });
      expect(await db.journalBalance(accountId)).toBe(acct.balanceFen);
      expect(acct.balanceFen).toBeGreaterThanOrEqual(0n);
    }
    expect(await db.unbalancedJournalEntries()).toBe(0);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM journal_entries WHERE kind = 'SETTLEMENT' AND ref_id = ANY($1)`,
      [[...ids]],
    );
    const settledCount = [...new Map(mine.map((x) => [x.id, x])).values()].filter(
      (e) => e.type === 'charge.settled' && (e.data.amounts as { acctPayFen: number }).acctPayFen > 0,
    ).length;
    expect(rows[0].n).toBe(settledCount);
  }, 300000);
});
