import { chargeRequested } from '../support/charge-builder';
import { eventually } from '../support/kafka-test-client';
import { serviceUnderTest } from '../support/service-under-test';

/**
 * A reserve as a share of the balance (contract 1.1 §4): every relatives' draw leaves at least
 * that share of the holder's balance as it was at the moment of the draw, however many draws race.
 */
describe('reserve ratio under concurrent draws', () => {
  const sut = serviceUnderTest();
  const { db, kafka } = sut;

  it('300 concurrent draws by 10 relatives never take a holder below 20% of the balance before each draw', async () => {
    const initial = 1_000_000n;
    const merchant = await db.merchant({ regionCode: '110105' });
    const holder = await db.person({ regionCode: '110105', balanceFen: initial, reserveRatioPercent: 20 });
    const relatives: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
      await db.binding({ holderId: holder, beneficiaryId: r, relationship: 'CHILD', paymentOrder: 1 });
      relatives.push(r);
    }
    // 300 × 4,000 fen = 1,200,000 asked of 1,000,000: the ratio, not the money, ends the draws.
    const charges = relatives.flatMap((r) =>
      Array.from({ length: 30 }, () =>
        chargeRequested({ merchantId: merchant, patientId: r, items: [{ amountFen: 4_000 }] }),
      ),
    );
    await Promise.all(
      relatives.map((r) =>
        kafka.produceMany(
          'pos.charges.v1',
          charges.filter((c) => c.patientId === r).map((c) => ({ key: r, value: c })),
        ),
      ),
    );
    const ids = new Set(charges.map((c) => c.chargeId));
    await eventually(
      () => sut.events.filter((e) => ids.has(e.subject) && e.type === 'charge.settled').length === charges.length,
      90_000,
      'every charge settled',
    );

    // Balances only fall here: the holder's legs by balance after, highest first, are the draws in order.
    const { rows } = await db.pool.query<{ amount_fen: string; balance_after_fen: string }>(
      `SELECT amount_fen, balance_after_fen FROM settlement_legs WHERE account_id = $1 AND status = 'SETTLED'
        ORDER BY balance_after_fen DESC`,
      [holder],
    );
    expect(rows.length).toBeGreaterThan(100);
    let before = initial;
    for (const leg of rows) {
      const after = BigInt(leg.balance_after_fen);
      expect(before - BigInt(leg.amount_fen)).toBe(after);
      // after >= ceil(before × 20 / 100), in integers
      expect(after * 100n).toBeGreaterThanOrEqual(before * 20n);
      before = after;
    }
    const account = await db.account(holder);
    expect(account.balanceFen).toBe(before);
    expect(await db.journalBalance(holder)).toBe(account.balanceFen);
    // Draws went on while the ratio allowed: far below the first draw's reserve of 200,000.
    expect(account.balanceFen).toBeLessThan(200_000n);
  });
});
