import { decodeCharge, decodeDecision, decodeReversal } from './decode-inbound-message';

const charge = {
  chargeId: 'c-1',
  merchantId: 'm-1',
  terminalId: 't-1',
  patientId: 'p-1',
  credential: { kind: 'INSURANCE_CARD', personId: 'p-1' },
  occurredAt: '2026-11-22T09:30:00+08:00',
  items: [
    { lineId: '1', code: 'X1', name: '药', category: 'DRUG', inCatalog: true, amountFen: 1000, fundPaidFen: 200 },
  ],
  totalFen: 1000,
};
const reversal = {
  reversalId: 'r-1',
  chargeId: 'c-1',
  merchantId: 'm-1',
  terminalId: 't-1',
  patientId: 'p-1',
  requestedAt: '2026-11-22T09:31:00+08:00',
  reason: 'TIMEOUT',
};
const decision = {
  authorizationId: 'a-1',
  holderId: 'h-1',
  decision: 'APPROVE',
  decidedAt: '2026-11-22T09:30:40+08:00',
};

/** The body's JSON text with an extra first key (JSON.parse makes `__proto__` an own key). */
const withKey = (body: object, key: string, value: string): Buffer =>
  Buffer.from(JSON.stringify(body).replace('{', `{"${key}":${value},`));

describe('decoding inbound messages', () => {
  it('decodes a well-formed charge, reversal and decision', () => {
    expect(decodeCharge(Buffer.from(JSON.stringify(charge))).kind).toBe('charge');
    expect(decodeReversal(Buffer.from(JSON.stringify(reversal))).kind).toBe('reversal');
    expect(decodeDecision(Buffer.from(JSON.stringify(decision))).kind).toBe('decision');
  });

  // `"constructor": null` made class-validator throw, failing the whole fetched batch again and again.
  it.each(['constructor', '__proto__'])('ignores a %s key like any extra field', (key) => {
    for (const value of ['null', '5', '"x"', '{}', '{"prototype":null}']) {
      const c = decodeCharge(withKey(charge, key, value));
      expect(c).toMatchObject({ kind: 'charge', chargeId: 'c-1' });
      expect(c.kind === 'charge' && c.hash).toBe(
        (decodeCharge(Buffer.from(JSON.stringify(charge))) as { hash: string }).hash,
      );
      expect(decodeReversal(withKey(reversal, key, value))).toMatchObject({ kind: 'reversal', reversalId: 'r-1' });
      expect(decodeDecision(withKey(decision, key, value))).toMatchObject({ kind: 'decision' });
    }
  });

  it('still rejects a charge that breaks a rule, with class-validator wording', () => {
    const bad = decodeCharge(
      Buffer.from(JSON.stringify({ ...charge, items: [{ ...charge.items[0], amountFen: -1 }] })),
    );
    expect(bad).toMatchObject({ kind: 'invalid-charge', chargeId: 'c-1' });
    expect(bad.kind === 'invalid-charge' && bad.message).toContain('items[0].amountFen');
  });

  // JSON.parse accepts a lone surrogate escape, PostgreSQL's json does not: such a charge went to
  // the DLQ with no answer.
  it('rejects a lone surrogate escape by field, and keeps a storable copy of the message', () => {
    const text = JSON.stringify(charge).replace('"name":"', '"name":"\\ud800');
    const c = decodeCharge(Buffer.from(text));
    expect(c).toMatchObject({ kind: 'invalid-charge', chargeId: 'c-1' });
    expect(c.kind === 'invalid-charge' && c.message).toBe(
      'items[0].name: is not well-formed Unicode (a lone surrogate escape)',
    );
    expect(c.kind === 'invalid-charge' && c.requestText).toContain('"name":"\ufffd药"');
    const r = decodeReversal(Buffer.from(JSON.stringify(reversal).replace('"TIMEOUT"', '"\\udc00"')));
    expect(r).toMatchObject({ kind: 'invalid-reversal', reversalId: 'r-1', raw: { reason: '\ufffd' } });
  });
});
