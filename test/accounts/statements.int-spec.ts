import fc from 'fast-check';
import { chargeRequested } from '../support/charge-builder';
import { serviceUnderTest } from '../support/service-under-test';
import { uid } from '../support/unique-ids';
import { ApiClient, Json } from '../http/support/api-client';
import { auditorToken, holderToken, merchantToken } from '../http/support/tokens';

/** The UTC+8 month an instant falls in. */
const chinaMonth = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
const previousMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * Statements (contract 1.1 §3) read from the journal: who drew on a holder's account, where and
 * when; closing = opening + Σ lines, the closing of this month is the balance, and a month's
 * opening is the previous month's closing.
 */
describe('statements', () => {
  const sut = serviceUnderTest();
  const { db } = sut;
  let api: ApiClient;
  beforeAll(() => {
    api = new ApiClient(sut.app.baseUrl);
  });

  const addsUp = (s: Json): void => {
    let running = BigInt(s.openingBalanceFen);
    for (const line of s.lines) {
      running += BigInt(line.amountFen);
      expect(BigInt(line.balanceAfterFen)).toBe(running);
    }
    expect(BigInt(s.closingBalanceFen)).toBe(running);
  };

  /** Sum of the journal lines on the account (credit +, debit −): what the statement must end at. */
  const journalNet = async (accountId: string): Promise<bigint> => db.journalBalance(accountId);

  async function family() {
    const merchant = await db.merchant({ regionCode: '110105' });
    const holder = await db.person({ regionCode: '110105' });
    const father = await db.person({ regionCode: '110105' });
    const binding = await db.binding({
      holderId: holder,
      beneficiaryId: father,
      relationship: 'FATHER',
      monthlyLimitFen: null,
      paymentOrder: 1,
    });
    return { merchant, holder, father, binding };
  }

  it("lists a holder's month: credits, own and relatives' charges (who, where), reversals, contributions, refunds", async () => {
    const f = await family();
    const credit = await api.post(`/v1/accounts/${f.holder}/credits`, {
      creditId: uid('CR'),
      amountFen: 100_000,
      reason: 'MONTHLY_CONTRIBUTION',
    });
    expect(credit.status).toBe(201);
    const own = chargeRequested({ merchantId: f.merchant, patientId: f.holder, items: [{ amountFen: 1_500 }] });
    const relatives = chargeRequested({ merchantId: f.merchant, patientId: f.father, items: [{ amountFen: 4_000 }] });
    for (const c of [own, relatives]) expect((await api.post('/v1/charges?waitS=20', c)).body.status).toBe('SETTLED');
    const reversal = {
      reversalId: uid('RV'),
      chargeId: relatives.chargeId,
      merchantId: f.merchant,
      terminalId: 'T01',
      patientId: f.father,
      requestedAt: new Date().toISOString(),
      reason: 'CUSTOMER_RETURN',
    };
    expect((await api.post('/v1/reversals?waitS=20', reversal)).body.status).toBe('REVERSED');
    const mother = await db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
    const contributionId = uid('CT');
    const paid = await api.post('/v1/contributions', {
      contributionId,
      holderId: f.holder,
      beneficiaryId: mother,
      relationship: 'MOTHER',
      scheme: 'RESIDENT_MEDICAL',
      period: '2027',
      amountFen: 30_000,
      payeeId: 'TAX-1101',
      requestedAt: new Date().toISOString(),
    });
    expect(paid.status).toBe(201);
    const refundId = uid('RF');
    expect(
      (await api.post(`/v1/contributions/${contributionId}/refunds`, { refundId, reason: 'paid twice' })).status,
    ).toBe(201);

    const month = chinaMonth(new Date());
    const res = await api.get(`/v1/accounts/${f.holder}/statement?month=${month}`, holderToken(f.holder));
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s).toMatchObject({ personId: f.holder, month, openingBalanceFen: 0, closingBalanceFen: 98_500 });
    expect(s.lines.map((l: Json) => [l.kind, l.amountFen])).toEqual([
      ['CREDIT', 100_000],
      ['OWN_CHARGE', -1_500],
      ['RELATIVE_CHARGE', -4_000],
      ['REVERSAL', 4_000],
      ['CONTRIBUTION', -30_000],
      ['CONTRIBUTION_REFUND', 30_000],
    ]);
    expect(s.lines[1].ref).toEqual({ chargeId: own.chargeId, merchantId: f.merchant });
    expect(s.lines[2].ref).toEqual({
      beneficiaryId: f.father,
      relationship: 'FATHER',
      chargeId: relatives.chargeId,
      merchantId: f.merchant,
    });
    expect(s.lines[3].ref).toMatchObject({
      reversalId: reversal.reversalId,
      chargeId: relatives.chargeId,
      beneficiaryId: f.father,
    });
    expect(s.lines[4].ref).toMatchObject({
      contributionId,
      beneficiaryId: mother,
      relationship: 'MOTHER',
      payeeId: 'TAX-1101',
    });
    expect(s.lines[5].ref).toMatchObject({ refundId, contributionId });
    addsUp(s);
    expect(BigInt(s.closingBalanceFen)).toBe((await db.account(f.holder)).balanceFen);

    const csv = await fetch(`${sut.app.baseUrl}/v1/accounts/${f.holder}/statement?month=${month}`, {
      headers: { authorization: `Bearer ${auditorToken()}`, accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text())
      .trim()
      .split('\r\n')
      .map((r) => r.split(','));
    expect(rows[0].slice(0, 4)).toEqual(['at', 'kind', 'amountFen', 'balanceAfterFen']);
    expect(rows[1].slice(1, 4)).toEqual(['OPENING_BALANCE', '', '0']);
    expect(rows.slice(2, -1).map((r) => r[1])).toEqual(s.lines.map((l: Json) => l.kind));
    expect(rows.slice(2, -1).map((r) => r[2])).toEqual(s.lines.map((l: Json) => String(l.amountFen)));
    expect(rows[rows.length - 1].slice(1, 4)).toEqual(['CLOSING_BALANCE', '', '98500']);
  });

  it('lets the owner, bureau and auditors read it; not another holder, nor a merchant; 404 and 400 as usual', async () => {
    const f = await family();
    const path = `/v1/accounts/${f.holder}/statement?month=2026-11`;
    expect((await api.get(path, holderToken(f.holder))).status).toBe(200);
    expect((await api.get(path)).status).toBe(200);
    expect((await api.get(path, auditorToken())).status).toBe(200);
    expect((await api.get(path, holderToken(f.father))).status).toBe(403);
    expect((await api.get(path, merchantToken(f.merchant))).status).toBe(403);
    expect((await api.get(`/v1/accounts/${uid('nobody')}/statement?month=2026-11`)).status).toBe(404);
    for (const bad of ['2026-13', '2026-1', 'november', '']) {
      const res = await api.get(`/v1/accounts/${f.holder}/statement?month=${bad}`);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'INVALID_REQUEST']);
    }
  });

  it("carries a month's closing into the next month's opening", async () => {
    const f = await family();
    const month = chinaMonth(new Date());
    const before = previousMonth(month);
    // A credit journaled last month (as if it had happened then): the journal is the only source.
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const creditId = uid('OLD');
      const at = new Date(`${before}-15T10:00:00+08:00`);
      await client.query(
        `INSERT INTO credits (credit_id, account_id, amount_fen, reason, content_hash, balance_after_fen, created_at)
         VALUES ($1, $2, 25000, 'ADJUSTMENT', 'h', 25000, $3)`,
        [creditId, f.holder, at],
      );
      await client.query(`UPDATE accounts SET balance_fen = balance_fen + 25000 WHERE account_id = $1`, [f.holder]);
      await client.query(
        `WITH e AS (INSERT INTO journal_entries (kind, ref_id, created_at) VALUES ('CREDIT', $1, $2) RETURNING entry_id)
         INSERT INTO journal_lines (entry_id, line_no, ledger_account, side, amount_fen)
         SELECT entry_id, 1, 'EXT:CONTRIBUTIONS', 'D', 25000 FROM e UNION ALL SELECT entry_id, 2, $3, 'C', 25000 FROM e`,
        [creditId, at, `PA:${f.holder}`],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const charge = chargeRequested({ merchantId: f.merchant, patientId: f.father, items: [{ amountFen: 2_000 }] });
    expect((await api.post('/v1/charges?waitS=20', charge)).body.status).toBe('SETTLED');

    const last = (await api.get(`/v1/accounts/${f.holder}/statement?month=${before}`)).body;
    const now = (await api.get(`/v1/accounts/${f.holder}/statement?month=${month}`)).body;
    expect(last).toMatchObject({ openingBalanceFen: 0, closingBalanceFen: 25_000 });
    expect(last.lines.map((l: Json) => l.kind)).toEqual(['CREDIT']);
    expect(now).toMatchObject({ openingBalanceFen: 25_000, closingBalanceFen: 23_000 });
    expect(now.lines.map((l: Json) => [l.kind, l.ref.beneficiaryId])).toEqual([['RELATIVE_CHARGE', f.father]]);
    addsUp(last);
    addsUp(now);
  });

  it('adds up against the journal and the balance, whatever the sequence of credits, charges and reversals', async () => {
    type Op =
      { kind: 'credit'; fen: number } | { kind: 'charge'; who: 'holder' | 'father'; fen: number } | { kind: 'reverse' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('credit' as const), fen: fc.integer({ min: 1, max: 50_000 }) }),
      fc.record({
        kind: fc.constant('charge' as const),
        who: fc.constantFrom('holder' as const, 'father' as const),
        fen: fc.integer({ min: 1, max: 30_000 }),
      }),
      fc.record({ kind: fc.constant('reverse' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 7 }), async (ops) => {
        const f = await family();
        const settled: { chargeId: string; patientId: string }[] = [];
        for (const o of ops) {
          if (o.kind === 'credit') {
            const r = await api.post(`/v1/accounts/${f.holder}/credits`, {
              creditId: uid('CR'),
              amountFen: o.fen,
              reason: 'ADJUSTMENT',
            });
            expect(r.status).toBe(201);
          } else if (o.kind === 'charge') {
            const patientId = o.who === 'holder' ? f.holder : f.father;
            const c = chargeRequested({ merchantId: f.merchant, patientId, items: [{ amountFen: o.fen }] });
            const r = await api.post('/v1/charges?waitS=20', c);
            expect(r.status).toBe(200);
            if (r.body.status === 'SETTLED') settled.push({ chargeId: c.chargeId, patientId });
          } else if (settled.length > 0) {
            const target = settled.shift() as { chargeId: string; patientId: string };
            const r = await api.post('/v1/reversals?waitS=20', {
              reversalId: uid('RV'),
              ...target,
              merchantId: f.merchant,
              terminalId: 'T01',
              requestedAt: new Date().toISOString(),
              reason: 'OPERATOR_ERROR',
            });
            expect(r.body.status).toBe('REVERSED');
          }
        }
        const s = (await api.get(`/v1/accounts/${f.holder}/statement?month=${chinaMonth(new Date())}`)).body;
        addsUp(s);
        expect(s.openingBalanceFen).toBe(0);
        const balance = (await db.account(f.holder)).balanceFen;
        expect(BigInt(s.closingBalanceFen)).toBe(balance);
        expect(BigInt(s.closingBalanceFen)).toBe(await journalNet(f.holder));
        expect(s.lines.length).toBe(
          Number(
            (
              await db.pool.query(`SELECT count(*) AS n FROM journal_lines WHERE ledger_account = $1`, [
                `PA:${f.holder}`,
              ])
            ).rows[0].n,
          ),
        );
      }),
      { numRuns: 8 },
    );
  });
});
