import { chargeRequested } from '../support/charge-builder';
import { DlqRecord, eventually } from '../support/kafka-test-client';
import { serviceUnderTest } from '../support/service-under-test';
import { uid } from '../support/unique-ids';
import { ApiClient } from '../http/support/api-client';
import { holderToken } from '../http/support/tokens';

const TOPIC = 'mutualaid.contribution-requests.v1';
const YEAR = '2027';

/**
 * Relatives' contributions paid from a holder's account (contract 1.1 §1, issue #18): over HTTP
 * and Kafka, every code, idempotency and conflicts, one paid per beneficiary × scheme × period
 * even when two holders race, a charge and a contribution racing for one holder's money, refunds.
 */
describe('contributions (代缴)', () => {
  const sut = serviceUnderTest();
  const { db, kafka } = sut;
  let api: ApiClient;
  const dlq: DlqRecord[] = [];
  beforeAll(async () => {
    api = new ApiClient(sut.app.baseUrl);
    await kafka.tail(`${TOPIC}.dlq`, (m) => ({ key: m.key, value: m.value, headers: m.headers }), dlq);
  });

  const request = (over: Record<string, unknown>) => ({
    contributionId: uid('RM'),
    relationship: 'MOTHER',
    scheme: 'RESIDENT_MEDICAL',
    period: YEAR,
    amountFen: 40_000,
    payeeId: 'TAX-1101',
    requestedAt: new Date().toISOString(),
    ...over,
  });
  const journalOf = async (refId: string) =>
    (
      await db.pool.query(
        `SELECT e.kind, l.ledger_account, l.side, l.amount_fen::int AS amount
           FROM journal_entries e JOIN journal_lines l USING (entry_id) WHERE e.ref_id = $1 ORDER BY l.line_no`,
        [refId],
      )
    ).rows;
  const eventOf = (type: string, contributionId: string) =>
    sut.events.find((e) => e.type === type && e.subject === contributionId);

  it('pays over HTTP: 201 with the paid data, the holder debited with a balanced entry, the event keyed by holder', async () => {
    const holder = await db.person({ regionCode: '110105', balanceFen: 100_000n });
    const mother = await db.person({ regionCode: '120101', insuranceType: 'RESIDENT' });
    const body = request({ holderId: holder, beneficiaryId: mother });
    const res = await api.post('/v1/contributions', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      contributionId: body.contributionId,
      holderId: holder,
      beneficiaryId: mother,
      relationship: 'MOTHER',
      scheme: 'RESIDENT_MEDICAL',
      period: YEAR,
      amountFen: 40_000,
      payeeId: 'TAX-1101',
      balanceAfterFen: 60_000,
      policyVersion: '00@2024-01-01',
    });
    expect((await db.account(holder)).balanceFen).toBe(60_000n);
    expect(await db.journalBalance(holder)).toBe(60_000n);
    expect(await journalOf(body.contributionId)).toEqual([
      { kind: 'CONTRIBUTION', ledger_account: `PA:${holder}`, side: 'D', amount: 40_000 },
      { kind: 'CONTRIBUTION', ledger_account: 'PC:TAX-1101', side: 'C', amount: 40_000 },
    ]);
    const event = await eventually(
      () => eventOf('contribution.paid', body.contributionId),
      20_000,
      'contribution.paid',
    );
    expect(event.key).toBe(holder);
    expect(event.data).toEqual(res.body);

    // The same request again: the same answer, nothing moved twice.
    const again = await api.post('/v1/contributions', body);
    expect([again.status, again.body]).toEqual([201, res.body]);
    // Other content under the same id: a conflict, the original stands.
    const conflict = await api.post('/v1/contributions', { ...body, amountFen: 1 });
    expect([conflict.status, conflict.body.code]).toEqual([422, 'DUPLICATE_CONFLICT']);
    // Another id for the same beneficiary, scheme and period: already paid.
    const twice = await api.post('/v1/contributions', { ...body, contributionId: uid('RM') });
    expect([twice.status, twice.body.code]).toEqual([422, 'ALREADY_PAID']);
    expect((await db.account(holder)).balanceFen).toBe(60_000n);

    const view = await api.get(`/v1/contributions/${body.contributionId}`);
    expect(view.body).toMatchObject({
      contributionId: body.contributionId,
      status: 'PAID',
      amountFen: 40_000,
      refund: null,
    });
    // The holder named may see it; another holder may not.
    expect((await api.get(`/v1/contributions/${body.contributionId}`, holderToken(holder))).status).toBe(200);
    expect((await api.get(`/v1/contributions/${body.contributionId}`, holderToken(mother))).status).toBe(403);
  });

  it.each([
    [
      'Shanxi (Datong): long-term care for a parent is allowed',
      '140202',
      '140203',
      'FATHER',
      'LONG_TERM_CARE',
      201,
      null,
    ],
    [
      'Shanxi (Datong): a sibling is refused',
      '140202',
      '140203',
      'SIBLING',
      'RESIDENT_MEDICAL',
      422,
      'RELATIONSHIP_NOT_ALLOWED',
    ],
    [
      'Shanxi: a relative in another province is refused',
      '140202',
      '110105',
      'MOTHER',
      'RESIDENT_MEDICAL',
      422,
      'CROSS_REGION_NOT_ALLOWED',
    ],
    ['Shaanxi: the same city (Xi’an) is allowed', '610113', '610104', 'MOTHER', 'RESIDENT_MEDICAL', 201, null],
    [
      'Shaanxi: another city (Xianyang) is refused',
      '610113',
      '610402',
      'MOTHER',
      'RESIDENT_MEDICAL',
      422,
      'CROSS_REGION_NOT_ALLOWED',
    ],
    ['national: long-term care is refused', '110105', '110106', 'MOTHER', 'LONG_TERM_CARE', 422, 'SCHEME_NOT_ALLOWED'],
    [
      'national: commercial health insurance is refused',
      '110105',
      '110106',
      'MOTHER',
      'COMMERCIAL_HEALTH',
      422,
      'SCHEME_NOT_ALLOWED',
    ],
  ])('%s', async (_name, holderRegion, relativeRegion, relationship, scheme, status, code) => {
    const holder = await db.person({ regionCode: holderRegion, balanceFen: 200_000n });
    const relative = await db.person({ regionCode: relativeRegion, insuranceType: 'RESIDENT' });
    const res = await api.post(
      '/v1/contributions',
      request({ holderId: holder, beneficiaryId: relative, relationship, scheme }),
    );
    expect(res.status).toBe(status);
    if (code) expect(res.body.code).toBe(code);
  });

  it('answers every other refusal with its code, and publishes it', async () => {
    const holder = await db.person({ regionCode: '110105', balanceFen: 10_000n, reserveFen: 5_000n });
    const resident = await db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
    const lapsed = await db.person({ regionCode: '110105', balanceFen: 100_000n, enrollmentStatus: 'SUSPENDED' });
    const cases: [Record<string, unknown>, string][] = [
      [request({ holderId: holder, beneficiaryId: resident, period: '2027-13' }), 'INVALID_CONTRIBUTION'],
      [request({ holderId: holder, beneficiaryId: uid('nobody') }), 'UNKNOWN_PERSON'],
      [request({ holderId: resident, beneficiaryId: holder }), 'HOLDER_NOT_EMPLOYEE'],
      [request({ holderId: lapsed, beneficiaryId: resident }), 'HOLDER_NOT_INSURED'],
      // 10,000 in the account, 5,000 of it reserved
      [request({ holderId: holder, beneficiaryId: resident, amountFen: 5_001 }), 'INSUFFICIENT_BALANCE'],
    ];
    for (const [body, code] of cases) {
      const res = await api.post('/v1/contributions', body);
      expect([res.status, res.body.code]).toEqual([422, code]);
      const event = await eventually(
        () => eventOf('contribution.rejected', body.contributionId as string),
        20_000,
        code,
      );
      expect(event.data.reason?.code).toBe(code);
    }
    expect((await api.post('/v1/contributions', { amountFen: 1 })).status).toBe(400); // no usable contributionId
    const exact = await api.post(
      '/v1/contributions',
      request({ holderId: holder, beneficiaryId: resident, amountFen: 5_000 }),
    );
    expect(exact.status).toBe(201);
    expect((await db.account(holder)).balanceFen).toBe(5_000n);
  });

  it('pays from Kafka the same way, answers on settlement.events.v1, and parks what cannot be read', async () => {
    const holder = await db.person({ regionCode: '110105', balanceFen: 50_000n });
    const child = await db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
    const body = request({ holderId: holder, beneficiaryId: child, relationship: 'CHILD', amountFen: 38_000 });
    await kafka.produce(TOPIC, holder, body);
    const paid = await eventually(
      () => eventOf('contribution.paid', body.contributionId as string),
      30_000,
      'paid from Kafka',
    );
    expect(paid.data).toMatchObject({ balanceAfterFen: 12_000, amountFen: 38_000 });
    await kafka.produce(TOPIC, holder, body); // a redelivery: no second payment
    await kafka.produce(TOPIC, holder, 'not json');
    await eventually(() => dlq.find((d) => d.value?.toString() === 'not json'), 30_000, 'the poison on the DLQ');
    expect((await db.account(holder)).balanceFen).toBe(12_000n);
    expect(sut.events.filter((e) => e.subject === body.contributionId)).toHaveLength(1);
  });

  it('two holders paying one relative’s same period at once: exactly one pays', async () => {
    const relative = await db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
    const holders = await Promise.all([1, 2, 3].map(() => db.person({ regionCode: '110105', balanceFen: 100_000n })));
    const answers = await Promise.all(
      holders.map((h) =>
        api.post('/v1/contributions', request({ holderId: h, beneficiaryId: relative, relationship: 'SIBLING' })),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422]);
    expect(answers.filter((a) => a.status === 422).every((a) => a.body.code === 'ALREADY_PAID')).toBe(true);
    const balances = await Promise.all(holders.map(async (h) => (await db.account(h)).balanceFen));
    expect(balances.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual([60_000n, 100_000n, 100_000n]);
  });

  it('a charge and a contribution racing for one holder’s money never take it below the reserve', async () => {
    const merchant = await db.merchant({ regionCode: '110105' });
    const holder = await db.person({ regionCode: '110105', balanceFen: 10_000n, reserveFen: 2_000n });
    const patient = await db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
    await db.binding({ holderId: holder, beneficiaryId: patient, relationship: 'CHILD', paymentOrder: 1 });
    const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 6_000 }] });
    const [contribution] = await Promise.all([
      api.post(
        '/v1/contributions',
        request({ holderId: holder, beneficiaryId: patient, relationship: 'CHILD', amountFen: 6_000 }),
      ),
      kafka.produce('pos.charges.v1', patient, charge),
    ]);
    const settled = await eventually(
      () => sut.events.find((e) => e.subject === charge.chargeId && e.type === 'charge.settled'),
      30_000,
      'the charge settled',
    );
    const paidByCharge = (settled.data as { amounts: { acctPayFen: number } }).amounts.acctPayFen;
    const paidByContribution = contribution.status === 201 ? 6_000 : 0;
    expect(paidByCharge + paidByContribution).toBeLessThanOrEqual(8_000);
    const account = await db.account(holder);
    expect(account.balanceFen).toBe(10_000n - BigInt(paidByCharge + paidByContribution));
    expect(account.balanceFen).toBeGreaterThanOrEqual(2_000n);
    expect(await db.journalBalance(holder)).toBe(account.balanceFen);
  });

  it('refunds the whole amount once; the same refundId answers the same; then the period may be paid again', async () => {
    const holder = await db.person({ regionCode: '110105', balanceFen: 100_000n });
    const mother = await db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
    const body = request({ holderId: holder, beneficiaryId: mother, payeeId: uid('PAYEE') });
    expect((await api.post('/v1/contributions', body)).status).toBe(201);
    const refundId = uid('RF');
    const refund = await api.post(`/v1/contributions/${body.contributionId}/refunds`, {
      refundId,
      reason: 'paid twice',
    });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({
      contributionId: body.contributionId,
      refundId,
      amountFen: 40_000,
      balanceAfterFen: 100_000,
    });
    expect((await db.account(holder)).balanceFen).toBe(100_000n);
    expect(await db.journalBalance(holder)).toBe(100_000n);
    expect((await journalOf(refundId)).map((l) => [l.kind, l.side, l.amount])).toEqual([
      ['CONTRIBUTION_REFUND', 'D', 40_000],
      ['CONTRIBUTION_REFUND', 'C', 40_000],
    ]);
    const again = await api.post(`/v1/contributions/${body.contributionId}/refunds`, {
      refundId,
      reason: 'paid twice',
    });
    expect([again.status, again.body]).toEqual([200, refund.body]);
    const other = await api.post(`/v1/contributions/${body.contributionId}/refunds`, {
      refundId: uid('RF'),
      reason: 'again',
    });
    expect([other.status, other.body.code]).toEqual([409, 'ALREADY_REFUNDED']);
    expect((await db.account(holder)).balanceFen).toBe(100_000n);
    await eventually(
      () => eventOf('contribution.refunded', body.contributionId as string),
      20_000,
      'contribution.refunded',
    );
    expect((await api.get(`/v1/contributions/${body.contributionId}`)).body).toMatchObject({
      status: 'REFUNDED',
      refund: { refundId, amountFen: 40_000 },
    });
    const payee = await api.get(
      `/v1/payees/${body.payeeId}/reconciliation?date=${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}`,
    );
    expect(payee.body).toMatchObject({
      paid: { count: 1, amountFen: 40_000 },
      refunded: { count: 1, amountFen: 40_000 },
    });
    // Refunded, so the same beneficiary, scheme and period may be paid again.
    expect((await api.post('/v1/contributions', { ...body, contributionId: uid('RM') })).status).toBe(201);
    // Refunding what was never paid, or an unknown id
    const refusedBody = request({ holderId: holder, beneficiaryId: uid('nobody') });
    expect((await api.post('/v1/contributions', refusedBody)).status).toBe(422);
    const notPaid = await api.post(`/v1/contributions/${refusedBody.contributionId}/refunds`, {
      refundId: uid('RF'),
      reason: 'x',
    });
    expect([notPaid.status, notPaid.body.code]).toEqual([409, 'CONTRIBUTION_NOT_PAID']);
    expect(
      (await api.post(`/v1/contributions/${uid('RM')}/refunds`, { refundId: uid('RF'), reason: 'x' })).status,
    ).toBe(404);
  });
});
