import { DlqRecord, eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { serviceUnderTest } from '../support/service-under-test';
import { ApiClient } from '../http/support/api-client';
import { uid } from '../support/unique-ids';

/**
 * Inputs at and past the contract's limits, against the running service: an over-size Kafka
 * message is refused with its code and not kept, extra fields are not stored, the largest
 * contract-valid HTTP body is served, and a NUL is a refusal, never an outage.
 */
describe('input limits', () => {
  const sut = serviceUnderTest();
  const dlq: DlqRecord[] = [];
  let api: ApiClient;

  beforeAll(async () => {
    api = new ApiClient(sut.app.baseUrl);
    await sut.kafka.tail('pos.charges.v1.dlq', (m) => ({ key: m.key, value: m.value, headers: m.headers }), dlq);
  });

  const storedRequest = async (chargeId: string): Promise<string | undefined> => {
    const rows = await sut.db.pool.query<{ request: string }>(
      `SELECT request::text AS request FROM charges WHERE charge_id = $1`,
      [chargeId],
    );
    return rows.rows[0]?.request;
  };
  const outcomeOf = (chargeId: string) =>
    eventually(() => sut.events.find((e) => e.subject === chargeId), 30000, `the outcome of ${chargeId}`);

  it('refuses an over-size charge as INVALID_CHARGE, keeps only its ids, dead-letters an id-less one as it came, and the partition moves on', async () => {
    const merchant = await sut.db.merchant();
    const patient = await sut.db.person({ regionCode: '110105', balanceFen: 5000n });
    const big = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] });
    const value = JSON.stringify({ ...big, junk: 'x'.repeat(800 * 1024) });
    const idless = JSON.stringify({ patientId: patient, junk: 'y'.repeat(800 * 1024) });
    const sentinel = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 123 }] });
    await sut.kafka.produce('pos.charges.v1', patient, value);
    await sut.kafka.produce('pos.charges.v1', patient, idless);
    await sut.kafka.produce('pos.charges.v1', patient, sentinel);

    const refused = await outcomeOf(big.chargeId);
    expect(refused.type).toBe('charge.rejected');
    expect(refused.data.reason).toEqual({
      code: 'INVALID_CHARGE',
      message: `(message): the message is ${Buffer.byteLength(value)} bytes, over the 786432-byte limit`,
    });
    expect((await outcomeOf(sentinel.chargeId)).type).toBe('charge.settled');
    const kept = await storedRequest(big.chargeId);
    expect(JSON.parse(kept ?? 'null')).toEqual({
      chargeId: big.chargeId,
      merchantId: merchant,
      terminalId: 'T01',
      patientId: patient,
    });

    // Without a usable id: to the DLQ unread, with the original bytes untouched (the contract's DLQ).
    const dead = await eventually(() => dlq.find((d) => d.key === patient));
    expect(dead.headers['x-error-code']).toBe('MESSAGE_TOO_LARGE');
    expect(dead.value?.toString()).toBe(idless);
  });

  it('stores a charge with extra fields without them, and a retry with other extras is a duplicate', async () => {
    const merchant = await sut.db.merchant();
    const patient = await sut.db.person({ regionCode: '110105', balanceFen: 5000n });
    const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 200 }] });
    await sut.kafka.produce('pos.charges.v1', patient, { ...charge, junk: 'z'.repeat(100 * 1024) });
    await sut.kafka.produce('pos.charges.v1', patient, { ...charge, other: { deep: [1, 2, 3] } });
    const sentinel = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 1 }] });
    await sut.kafka.produce('pos.charges.v1', patient, sentinel);
    expect((await outcomeOf(sentinel.chargeId)).type).toBe('charge.settled');
    expect((await outcomeOf(charge.chargeId)).type).toBe('charge.settled');
    // The retry was recognised as the same charge: one outcome, no DUPLICATE_CONFLICT.
    expect(sut.events.filter((e) => e.subject === charge.chargeId).map((e) => e.type)).toEqual(['charge.settled']);
    expect(JSON.parse((await storedRequest(charge.chargeId)) ?? 'null')).toEqual(charge);
    expect(await sut.db.account(patient)).toMatchObject({ balanceFen: 5000n - 201n });
  });

  it('refuses a NUL in a Kafka charge as INVALID_CHARGE, and in any HTTP body as 400, never 5xx', async () => {
    const merchant = await sut.db.merchant();
    const patient = await sut.db.person({ regionCode: '110105', balanceFen: 5000n });
    const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] });
    const text = JSON.stringify(charge).replace('"name":"', '"name":"\\u0000');
    await sut.kafka.produce('pos.charges.v1', patient, text);
    const refused = await outcomeOf(charge.chargeId);
    expect(refused.data.reason).toEqual({
      code: 'INVALID_CHARGE',
      message: 'items[0].name: contains a NUL character (U+0000)',
    });
    expect(await sut.db.account(patient)).toMatchObject({ balanceFen: 5000n });

    const person = await api.call('PUT', `/v1/persons/${uid('P')}`, {
      rawBody:
        '{"name":"张\\u0000三","regionCode":"110105","insuranceType":"EMPLOYEE","enrollmentStatus":"ACTIVE","fraudRecordAt":null}',
    });
    expect(person.status).toBe(400);
    expect(person.body).toMatchObject({ code: 'INVALID_REQUEST', fields: [{ field: 'name' }] });
    const merchantPut = await api.call('PUT', `/v1/merchants/${uid('M')}`, {
      rawBody: '{"name":"药\\u0000房","kind":"PHARMACY","regionCode":"110105","designated":true}',
    });
    expect(merchantPut.status).toBe(400);
    const httpCharge = await api.call('POST', '/v1/charges', { rawBody: text.replace(charge.chargeId, uid('CH')) });
    expect(httpCharge.status).toBe(400);
    expect(httpCharge.body.fields).toEqual([{ field: 'items[0].name', problem: 'contains a NUL character (U+0000)' }]);
  });

  it('quotes the largest contract-valid body (200 items, long Chinese names, ASCII-escaped) and answers 413 past the limit', async () => {
    const merchant = await sut.db.merchant();
    const patient = await sut.db.person({ regionCode: '110105', balanceFen: 5000n });
    const charge = chargeRequested({
      merchantId: merchant,
      patientId: patient,
      items: Array.from({ length: 200 }, () => ({ amountFen: 1 })),
    });
    const items = (charge.items as Record<string, unknown>[]).map((item, i) => ({
      ...item,
      lineId: `${i}`.padStart(64, 'L'),
      code: '码'.repeat(64),
      name: '阿莫西林胶囊'.repeat(34).slice(0, 200),
    }));
    // As an ASCII-only encoder writes it (Python's json.dumps): each Chinese character as \uXXXX.
    const rawBody = JSON.stringify({ ...charge, items }, null, 2).replace(
      /[\u0080-\uffff]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect(Buffer.byteLength(rawBody)).toBeGreaterThan(300 * 1024);
    const quote = await api.call('POST', '/v1/quotes', { rawBody });
    expect(quote.status).toBe(200);
    expect(quote.body.amounts).toMatchObject({ medfeeSumamtFen: 200 });

    const tooBig = await api.call('POST', '/v1/quotes', { rawBody: rawBody + ' '.repeat(1024 * 1024) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});
