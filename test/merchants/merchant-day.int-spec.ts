import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chargeRequested } from '../support/charge-builder';
import { serviceUnderTest } from '../support/service-under-test';
import { uid } from '../support/unique-ids';
import { ApiClient, Json } from '../http/support/api-client';
import { merchantToken } from '../http/support/tokens';

/** A full collection on demand, so the heap measured is what is live, not garbage not yet collected. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const chinaDate = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A merchant's day (contract 1.1 §2, the insurer's 3201/3202): its own figures checked against
 * ours, and the day's lines as JSON or CSV streamed from a cursor.
 */
describe("a merchant's day: reconciliation and lines", () => {
  const sut = serviceUnderTest();
  const { db } = sut;
  let api: ApiClient;
  beforeAll(() => {
    api = new ApiClient(sut.app.baseUrl);
  });

  /** Three charges today (one paid partly by a relative), one of them reversed. */
  async function aDay() {
    const merchant = await db.merchant({ regionCode: '110105' });
    const patient = await db.person({ regionCode: '110105', balanceFen: 5_000n });
    const holder = await db.person({ regionCode: '110105', balanceFen: 100_000n });
    await db.binding({
      holderId: holder,
      beneficiaryId: patient,
      relationship: 'CHILD',
      monthlyLimitFen: null,
      paymentOrder: 1,
    });
    const token = merchantToken(merchant);
    const answers: Json[] = [];
    for (const fen of [3_000, 4_000, 1_234]) {
      const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: fen }] });
      const res = await api.post('/v1/charges?waitS=20', charge, token);
      expect(res.body.status).toBe('SETTLED');
      answers.push(res.body);
    }
    const reversed = answers[1];
    const rev = await api.post(
      '/v1/reversals?waitS=20',
      {
        reversalId: uid('RV'),
        chargeId: reversed.chargeId,
        merchantId: merchant,
        terminalId: 'T01',
        patientId: patient,
        requestedAt: new Date().toISOString(),
        reason: 'CUSTOMER_RETURN',
      },
      token,
    );
    expect(rev.body.status).toBe('REVERSED');
    const sum = (f: string) => answers.reduce((s, a) => s + a.amounts[f], 0);
    const figures = {
      date: chinaDate(new Date()),
      settledCount: 3,
      acctPayFen: sum('acctPayFen'),
      acctMulaidPayFen: sum('acctMulaidPayFen'),
      reversedCount: 1,
      reversedFen: reversed.amounts.acctPayFen,
    };
    return { merchant, token, answers, reversed, figures };
  }

  it('answers MATCHED for the right figures and MISMATCHED naming the wrong ones, with ours', async () => {
    const d = await aDay();
    expect(d.figures.acctMulaidPayFen).toBeGreaterThan(0);
    const ok = await api.post(`/v1/merchants/${d.merchant}/reconciliations`, d.figures, d.token);
    expect(ok.status).toBe(200);
    const ours = { ...d.figures } as Record<string, unknown>;
    delete ours.date;
    expect(ok.body).toEqual({ date: d.figures.date, result: 'MATCHED', ours, differences: [] });

    const wrong = { ...d.figures, acctPayFen: d.figures.acctPayFen + 1, reversedCount: 0 };
    const mismatch = await api.post(`/v1/merchants/${d.merchant}/reconciliations`, wrong, d.token);
    expect(mismatch.body).toEqual({
      date: d.figures.date,
      result: 'MISMATCHED',
      ours,
      differences: ['acctPayFen', 'reversedCount'],
    });
    // Another day has nothing: their zeros match.
    const empty = {
      date: '2020-01-01',
      settledCount: 0,
      acctPayFen: 0,
      acctMulaidPayFen: 0,
      reversedCount: 0,
      reversedFen: 0,
    };
    expect((await api.post(`/v1/merchants/${d.merchant}/reconciliations`, empty, d.token)).body.result).toBe('MATCHED');
  });

  it('refuses incomplete or impossible figures (400) and unknown merchants (404)', async () => {
    const d = await aDay();
    const url = `/v1/merchants/${d.merchant}/reconciliations`;
    for (const bad of [
      { ...d.figures, date: '2026-02-30' },
      { ...d.figures, acctPayFen: -1 },
      { ...d.figures, settledCount: 1.5 },
      { ...d.figures, reversedFen: '300' },
      { date: d.figures.date },
    ]) {
      const res = await api.post(url, bad);
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_REQUEST']);
    }
    expect((await api.post(`/v1/merchants/${uid('nobody')}/reconciliations`, d.figures)).status).toBe(404);
    expect((await api.get(`/v1/merchants/${uid('nobody')}/settlements?date=${d.figures.date}`)).status).toBe(404);
  });

  it("lists the day's lines as JSON and as CSV, matching the totals", async () => {
    const d = await aDay();
    const json = await api.get(`/v1/merchants/${d.merchant}/settlements?date=${d.figures.date}`, d.token);
    expect(json.status).toBe(200);
    expect(json.body.merchantId).toBe(d.merchant);
    expect(json.body.lines.map((l: Json) => [l.chargeId, l.status])).toEqual(
      d.answers.map((a) => [a.chargeId, a.chargeId === d.reversed.chargeId ? 'REVERSED' : 'SETTLED']),
    );
    const line = json.body.lines[1];
    expect(line).toMatchObject({ terminalId: 'T01', amounts: d.reversed.amounts });
    expect(line.reversedAt).not.toBeNull();
    expect(json.body.lines.reduce((s: number, l: Json) => s + l.amounts.acctPayFen, 0)).toBe(d.figures.acctPayFen);

    const res = await fetch(`${sut.app.baseUrl}/v1/merchants/${d.merchant}/settlements?date=${d.figures.date}`, {
      headers: { authorization: `Bearer ${d.token}`, accept: 'text/csv' },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await res.text())
      .trim()
      .split('\r\n')
      .map((r) => r.split(','));
    expect(rows[0]).toEqual([
      'chargeId',
      'terminalId',
      'status',
      'settledAt',
      'reversedAt',
      'reversalId',
      'medfeeSumamtFen',
      'fundPaySumamtFen',
      'psnPartAmtFen',
      'ineligibleFen',
      'acctPayFen',
      'acctMulaidPayFen',
      'psnCashPayFen',
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(d.answers.map((a) => a.chargeId));
    expect(rows.slice(1).reduce((s, r) => s + Number(r[10]), 0)).toBe(d.figures.acctPayFen);
  });

  it('streams 100,000 lines of one day without holding them in memory', async () => {
    const merchant = await db.merchant({ regionCode: '110105' });
    const date = '2026-06-01';
    // One large hospital's day, written directly: 100,000 settled charges.
    await db.pool.query(
      `INSERT INTO charges (charge_id, content_hash, patient_id, merchant_id, terminal_id, status, decided_at, settled_at,
                            request, outcome, medfee_sumamt_fen, fund_pay_sumamt_fen, psn_part_amt_fen, ineligible_fen,
                            acct_pay_fen, acct_mulaid_pay_fen, psn_cash_pay_fen)
       SELECT $1 || ':' || lpad(i::text, 6, '0'), 'h', 'p', $1, 'T' || (i % 40), 'SETTLED', t, t, '{}', '{}',
              10000, 4000, 6000, 0, 5000, 1000, 1000
         FROM generate_series(1, 100000) AS i,
              LATERAL (SELECT timestamptz '2026-06-01 00:00:00+08' + (i || ' ms')::interval * 800) AS x(t)`,
      [merchant],
    );
    const gc = collector();
    const live = (): number => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const base = live();
    const heap: number[] = [];
    const sampler = setInterval(() => heap.push(live()), 250);
    let rows = 0;
    let bytes = 0;
    let tail = '';
    let acct = 0;
    try {
      const res = await fetch(`${sut.app.baseUrl}/v1/merchants/${merchant}/settlements?date=${date}`, {
        headers: { authorization: `Bearer ${merchantToken(merchant)}`, accept: 'text/csv' },
      });
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
        const text = tail + decoder.decode(value, { stream: true });
        const parts = text.split('\r\n');
        tail = parts.pop() as string;
        for (const p of parts) {
          rows++;
          if (rows > 1) acct += Number(p.split(',')[10]);
        }
      }
    } finally {
      clearInterval(sampler);
    }
    expect(tail).toBe('');
    expect(rows).toBe(100_001);
    expect(acct).toBe(500_000_000);
    // The answer is ~10 MB of text from 100,000 rows; held at once (rows, objects, text) it is
    // several times that, live. Streamed, what is live at any moment is a batch or two.
    const growth = Math.max(...heap) - base;
    console.log(
      `100,000 lines, ${Math.round(bytes / 1e6)} MB of CSV, ${heap.length} samples; live heap grew at most ${Math.round(growth / 1e5) / 10} MB`,
    );
    expect(bytes).toBeGreaterThan(8_000_000);
    expect(heap.length).toBeGreaterThan(3);
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  });
});
