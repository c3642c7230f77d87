import { Pool } from 'pg';
import { uid } from '../support/unique-ids';
import { appUnderTest } from './support/app-under-test';
import { journalBalance, testDatabase } from './support/database';
import { registerPerson } from './support/fixtures';

/** Personal accounts: view, reserve, relatives' total limit, and idempotent journaled credits. */
describe('accounts and credits', () => {
  const { api } = appUnderTest();
  let db: Pool;
  beforeAll(() => {
    db = testDatabase();
  });
  afterAll(async () => db.end());

  const credit = (personId: string, body: Record<string, unknown>) =>
    api().post(`/v1/accounts/${personId}/credits`, body);

  it('shows balance, held, available (balance - held) and reserve', async () => {
    const owner = await registerPerson(api(), 'owner', { regionCode: '110105' });
    await credit(owner, { creditId: uid('cr'), amountFen: 50_000, reason: 'MONTHLY_CONTRIBUTION' });
    await db.query(`UPDATE accounts SET held_fen = 7000 WHERE person_id = $1`, [owner]); // as a pending authorization would
    const reserve = await api().put(`/v1/accounts/${owner}/reserve`, { reserveFen: 10_000 });
    expect(reserve.status).toBe(200);
    const res = await api().get(`/v1/accounts/${owner}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      personId: owner,
      accountId: owner,
      balanceFen: 50_000,
      heldFen: 7_000,
      availableFen: 43_000,
      reserveFen: 10_000,
      reserveRatioPercent: null,
      suggestedReserveRatioPercent: null,
      relativesMonthlyLimitFen: null,
    });
    expect((await api().get(`/v1/accounts/${uid('nobody')}`)).status).toBe(404);
  });

  it('validates the reserve (0..10^12 integer fen) and answers 404 without an account', async () => {
    const owner = await registerPerson(api(), 'owner', { regionCode: '110105' });
    for (const reserveFen of [-1, 1.5, '100', null, 1e12 + 1]) {
      const res = await api().put(`/v1/accounts/${owner}/reserve`, { reserveFen });
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_REQUEST']);
    }
    expect((await api().put(`/v1/accounts/${owner}/reserve`, { reserveFen: 0 })).status).toBe(200);
    expect((await api().put(`/v1/accounts/${owner}/reserve`, { reserveFen: 1e12 })).body.reserveFen).toBe(1e12);
    const resident = await registerPerson(api(), 'res', { regionCode: '110105', insuranceType: 'RESIDENT' });
    expect((await api().put(`/v1/accounts/${resident}/reserve`, { reserveFen: 1 })).status).toBe(404);
  });

  it("sets a total relatives' limit only where the holder's region provides it (Tai'an), else LIMIT_OUT_OF_RANGE", async () => {
    const taian = await registerPerson(api(), 'ta', { regionCode: '370902' });
    const set = await api().put(`/v1/accounts/${taian}/relatives-limit`, { monthlyLimitFen: 100_000 });
    expect(set.status).toBe(200);
    expect(set.body.relativesMonthlyLimitFen).toBe(100_000);
    expect((await api().get(`/v1/accounts/${taian}`)).body.relativesMonthlyLimitFen).toBe(100_000);
    const cleared = await api().put(`/v1/accounts/${taian}/relatives-limit`, { monthlyLimitFen: null });
    expect(cleared.body.relativesMonthlyLimitFen).toBeNull();

    const shaanxi = await registerPerson(api(), 'sx', { regionCode: '610113' });
    const refused = await api().put(`/v1/accounts/${shaanxi}/relatives-limit`, { monthlyLimitFen: 100_000 });
    expect([refused.status, refused.body.code]).toEqual([422, 'LIMIT_OUT_OF_RANGE']);
    expect((await api().put(`/v1/accounts/${shaanxi}/relatives-limit`, { monthlyLimitFen: null })).status).toBe(200);
    const missingKey = await api().put(`/v1/accounts/${shaanxi}/relatives-limit`, {});
    expect(missingKey.status).toBe(400);
    expect((await api().put(`/v1/accounts/${uid('nobody')}/relatives-limit`, { monthlyLimitFen: null })).status).toBe(
      404,
    );
  });

  it('applies a credit once (201), answers a retry 200 with the same receipt, and refuses other content 409', async () => {
    const owner = await registerPerson(api(), 'owner', { regionCode: '110105' });
    const creditId = uid('contrib');
    const body = { creditId, amountFen: 35_000, reason: 'MONTHLY_CONTRIBUTION' };
    const first = await credit(owner, body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      creditId,
      personId: owner,
      accountId: owner,
      amountFen: 35_000,
      reason: 'MONTHLY_CONTRIBUTION',
      balanceAfterFen: 35_000,
    });
    await credit(owner, { creditId: uid('adj'), amountFen: 5, reason: 'ADJUSTMENT' });

    const retry = await credit(owner, body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);

    for (const other of [
      { ...body, amountFen: 35_001 },
      { ...body, reason: 'ADJUSTMENT' },
    ]) {
      const conflict = await credit(owner, other);
      expect([conflict.status, conflict.body.code]).toEqual([409, 'DUPLICATE_CONFLICT']);
    }
    const elsewhere = await registerPerson(api(), 'other', { regionCode: '110105' });
    const onOtherAccount = await credit(elsewhere, body);
    expect([onOtherAccount.status, onOtherAccount.body.code]).toEqual([409, 'DUPLICATE_CONFLICT']);

    const account = await api().get(`/v1/accounts/${owner}`);
    expect(account.body.balanceFen).toBe(35_005);
    expect((await api().get(`/v1/accounts/${elsewhere}`)).body.balanceFen).toBe(0);

    // journaled: one balanced CREDIT entry per creditId, D EXT:CONTRIBUTIONS / C PA:<account>
    const { rows } = await db.query(
      `SELECT l.ledger_account, l.side, l.amount_fen FROM journal_entries e JOIN journal_lines l USING (entry_id)
        WHERE e.kind = 'CREDIT' AND e.ref_id = $1 ORDER BY l.line_no`,
      [creditId],
    );
    expect(rows).toEqual([
      { ledger_account: 'EXT:CONTRIBUTIONS', side: 'D', amount_fen: '35000' },
      { ledger_account: `PA:${owner}`, side: 'C', amount_fen: '35000' },
    ]);
    expect(await journalBalance(db, owner)).toBe(35_005n);
  });

  it('validates credits: integer fen 1..10^12, a known reason, a contract creditId; 404 without an account', async () => {
    const owner = await registerPerson(api(), 'owner', { regionCode: '110105' });
    const bad = [
      { creditId: uid('c'), amountFen: 0, reason: 'ADJUSTMENT' },
      { creditId: uid('c'), amountFen: 10.5, reason: 'ADJUSTMENT' },
      { creditId: uid('c'), amountFen: '100', reason: 'ADJUSTMENT' },
      { creditId: uid('c'), amountFen: 1e12 + 1, reason: 'ADJUSTMENT' },
      { creditId: uid('c'), amountFen: 100, reason: 'GIFT' },
      { creditId: 'has space', amountFen: 100, reason: 'ADJUSTMENT' },
      { amountFen: 100, reason: 'ADJUSTMENT' },
    ];
    for (const body of bad) {
      const res = await credit(owner, body);
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_REQUEST']);
      expect(res.body.fields.length).toBeGreaterThan(0);
    }
    const max = await credit(owner, { creditId: uid('c'), amountFen: 1e12, reason: 'ADJUSTMENT' });
    expect(max.status).toBe(201);
    expect(max.body.balanceAfterFen).toBe(1e12);
    const resident = await registerPerson(api(), 'res', { regionCode: '110105', insuranceType: 'RESIDENT' });
    expect((await credit(resident, { creditId: uid('c'), amountFen: 1, reason: 'ADJUSTMENT' })).status).toBe(404);
    expect((await credit(uid('nobody'), { creditId: uid('c'), amountFen: 1, reason: 'ADJUSTMENT' })).status).toBe(404);
  });

  it('stays consistent under 20 concurrent credits, their retries and concurrent reserve changes', async () => {
    const owner = await registerPerson(api(), 'racer', { regionCode: '110105' });
    await credit(owner, { creditId: uid('seed'), amountFen: 1_000, reason: 'ADJUSTMENT' });
    const credits = Array.from({ length: 20 }, (_, i) => ({
      creditId: uid('race'),
      amountFen: 100 + i * 7,
      reason: 'MONTHLY_CONTRIBUTION',
    }));
    const reserves = [0, 500, 1_000, 2_500, 10_000];
    const answers = await Promise.all([
      ...credits.map((c) => credit(owner, c)),
      ...credits.slice(0, 5).map((c) => credit(owner, c)), // duplicates racing their originals
      ...reserves.map((reserveFen) => api().put(`/v1/accounts/${owner}/reserve`, { reserveFen })),
    ]);
    const creditAnswers = answers.slice(0, 25);
    expect(creditAnswers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
    expect(creditAnswers.filter((a) => a.status === 201)).toHaveLength(20);
    expect(answers.slice(25).every((a) => a.status === 200)).toBe(true);

    const sum = credits.reduce((s, c) => s + c.amountFen, 0);
    const account = (await api().get(`/v1/accounts/${owner}`)).body;
    expect(account.balanceFen).toBe(1_000 + sum);
    expect(reserves).toContain(account.reserveFen);
    expect(await journalBalance(db, owner)).toBe(BigInt(1_000 + sum));
    // every applied credit saw a distinct balance: they ran one at a time under the account lock
    const balancesAfter = creditAnswers.filter((a) => a.status === 201).map((a) => a.body.balanceAfterFen as number);
    expect(new Set(balancesAfter).size).toBe(20);
    expect(Math.max(...balancesAfter)).toBe(1_000 + sum);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM credits WHERE account_id = $1`, [owner]);
    expect(rows[0].n).toBe(21);
  });

  it('two requests racing with one new creditId on different accounts: one applies, the other conflicts', async () => {
    const a = await registerPerson(api(), 'a', { regionCode: '110105' });
    const b = await registerPerson(api(), 'b', { regionCode: '110105' });
    const body = { creditId: uid('shared'), amountFen: 100, reason: 'ADJUSTMENT' };
    const answers = await Promise.all([credit(a, body), credit(b, body)]);
    expect(answers.map((x) => x.status).sort()).toEqual([201, 409]);
    const balances = [
      (await api().get(`/v1/accounts/${a}`)).body.balanceFen,
      (await api().get(`/v1/accounts/${b}`)).body.balanceFen,
    ];
    expect(balances.sort()).toEqual([0, 100]);
  });
});
