import { createHash } from 'node:crypto';
import { isContractTimestamp } from './contract-formats';
import {
  DecodedMessage,
  decodeCharge,
  decodeContribution,
  decodeDecision,
  decodeReversal,
  validateCharge,
} from './decode-inbound-message';

const item = {
  lineId: '1',
  code: 'X1',
  name: '药',
  category: 'DRUG',
  inCatalog: true,
  amountFen: 1000,
  fundPaidFen: 200,
};
const charge = {
  chargeId: 'c-1',
  merchantId: 'm-1',
  terminalId: 't-1',
  patientId: 'p-1',
  credential: { kind: 'INSURANCE_CARD', personId: 'p-1' },
  occurredAt: '2026-11-22T09:30:00+08:00',
  items: [item],
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
const contribution = {
  contributionId: 'k-1',
  holderId: 'h-1',
  beneficiaryId: 'b-1',
  relationship: 'FATHER',
  scheme: 'RESIDENT_MEDICAL',
  period: '2027',
  amountFen: 40000,
  payeeId: 'TAX-1401',
  requestedAt: '2026-11-22T09:30:00+08:00',
};

const bytes = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const problemsOf = (d: DecodedMessage): string => ('message' in d ? d.message : '');

describe('contract bounds on inbound messages', () => {
  describe('amounts: 0 to 10^12 fen', () => {
    it('refuses a totalFen above 10^12 even when the items add up to it', () => {
      const big = { ...item, amountFen: 1e12, fundPaidFen: 0 };
      const over = { ...charge, items: [big, { ...big, lineId: '2', amountFen: 1 }], totalFen: 1e12 + 1 };
      const d = decodeCharge(bytes(over));
      expect(d.kind).toBe('invalid-charge');
      expect(problemsOf(d)).toContain('totalFen: totalFen must not be greater than 1000000000000');
      expect(decodeCharge(bytes({ ...charge, items: [big], totalFen: 1e12 })).kind).toBe('charge');
    });

    it('refuses item amounts above 10^12 and a contribution above 10^12', () => {
      const d = decodeCharge(bytes({ ...charge, items: [{ ...item, amountFen: 1e12 + 1 }], totalFen: 1e12 + 1 }));
      expect(problemsOf(d)).toContain('items[0].amountFen');
      expect(decodeContribution(bytes({ ...contribution, amountFen: 1e12 + 1 })).kind).toBe('invalid-contribution');
      expect(decodeContribution(bytes({ ...contribution, amountFen: 2 ** 53 + 2 })).kind).toBe('invalid-contribution');
      expect(decodeContribution(bytes({ ...contribution, amountFen: 1e12 })).kind).toBe('contribution');
    });
  });

  describe('timestamps: real calendar dates and times', () => {
    it.each([
      '2026-02-30T09:30:00+08:00',
      '2026-02-29T09:30:00+08:00',
      '2026-04-31T09:30:00Z',
      '2026-13-01T09:30:00Z',
      '2026-00-10T09:30:00Z',
      '2026-11-00T09:30:00Z',
      '2026-11-22T24:00:00+08:00',
      '2026-11-22T09:60:00+08:00',
      '2026-11-22T09:30:60+08:00',
      '2026-11-22T09:30:00+24:00',
      '2026-11-22T09:30:00+08:60',
    ])('refuses %s everywhere a timestamp is read', (t) => {
      expect(isContractTimestamp(t)).toBe(false);
      // Date.parse rolled 2026-02-30 over to 2 March: the charge settled on a day that does not exist.
      expect(decodeCharge(bytes({ ...charge, occurredAt: t })).kind).toBe('invalid-charge');
      expect(problemsOf(decodeCharge(bytes({ ...charge, occurredAt: t })))).toContain('occurredAt');
      expect(decodeReversal(bytes({ ...reversal, requestedAt: t })).kind).toBe('invalid-reversal');
      expect(decodeDecision(bytes({ ...decision, decidedAt: t }))).toMatchObject({ code: 'INVALID_DECISION' });
      expect(decodeContribution(bytes({ ...contribution, requestedAt: t })).kind).toBe('invalid-contribution');
      expect('problems' in validateCharge({ ...charge, occurredAt: t })).toBe(true);
    });

    it.each(['2028-02-29T23:59:59.999999999+08:00', '2000-02-29T00:00:00Z', '2026-12-31T23:59:59-12:00'])(
      'accepts %s',
      (t) => {
        expect(isContractTimestamp(t)).toBe(true);
        expect(decodeCharge(bytes({ ...charge, occurredAt: t })).kind).toBe('charge');
      },
    );

    it('refuses 1900-02-29 (not a leap year) and non-strings', () => {
      expect(isContractTimestamp('1900-02-29T00:00:00Z')).toBe(false);
      expect(isContractTimestamp(20261122)).toBe(false);
    });
  });

  describe('string lengths', () => {
    it.each([
      ['items[0].name', { ...charge, items: [{ ...item, name: '药'.repeat(201) }] }],
      ['items[0].code', { ...charge, items: [{ ...item, code: 'x'.repeat(65) }] }],
      ['items[0].lineId', { ...charge, items: [{ ...item, lineId: 'x'.repeat(65) }] }],
      ['chargeId', { ...charge, chargeId: 'x'.repeat(65) }],
      ['terminalId', { ...charge, terminalId: '' }],
      ['credential.personId', { ...charge, credential: { kind: 'INSURANCE_CARD', personId: 'x'.repeat(65) } }],
    ])('refuses %s over its length', (field, body) => {
      const d = decodeCharge(bytes(body));
      if (field === 'chargeId') expect(d).toMatchObject({ kind: 'poison', code: 'MISSING_ID' });
      else expect(problemsOf(d)).toContain(field);
    });

    it('accepts every string at its length limit', () => {
      const long = { ...item, lineId: 'l'.repeat(64), code: '码'.repeat(64), name: '药'.repeat(200) };
      expect(decodeCharge(bytes({ ...charge, chargeId: 'c'.repeat(64), items: [long] })).kind).toBe('charge');
    });
  });

  describe('size: INBOUND_MAX_BYTES', () => {
    const limits = { maxBytes: 65536 };
    const junk = 'x'.repeat(70000);

    it('refuses an over-size charge with INVALID_CHARGE, keeping only its identifiers', () => {
      const big = bytes({ ...charge, junk });
      const d = decodeCharge(big, limits);
      expect(d).toMatchObject({ kind: 'invalid-charge', chargeId: 'c-1' });
      expect(problemsOf(d)).toBe(`(message): the message is ${big.length} bytes, over the 65536-byte limit`);
      if (d.kind !== 'invalid-charge') throw new Error('unreachable');
      expect(d.raw).toEqual({ chargeId: 'c-1', merchantId: 'm-1', terminalId: 't-1', patientId: 'p-1' });
      expect(d.requestText.length).toBeLessThan(200);
      expect(d.hash).toBe(createHash('sha256').update(big).digest('hex'));
      // the same charge within the limit settles
      expect(decodeCharge(bytes(charge), limits).kind).toBe('charge');
    });

    it('refuses an over-size reversal and contribution with their codes, and an over-size decision to the DLQ', () => {
      expect(decodeReversal(bytes({ ...reversal, junk }), limits)).toMatchObject({
        kind: 'invalid-reversal',
        raw: { reversalId: 'r-1', chargeId: 'c-1', merchantId: 'm-1', terminalId: 't-1', patientId: 'p-1' },
      });
      expect(decodeContribution(bytes({ ...contribution, junk }), limits)).toMatchObject({
        kind: 'invalid-contribution',
        raw: { contributionId: 'k-1', holderId: 'h-1', beneficiaryId: 'b-1' },
      });
      expect(decodeDecision(bytes({ ...decision, junk }), limits)).toMatchObject({
        kind: 'poison',
        code: 'MESSAGE_TOO_LARGE',
      });
    });

    it('sends an over-size message without a usable id to the DLQ, unread', () => {
      for (const body of [bytes({ junk }), Buffer.from(`not json ${junk}`), bytes({ ...charge, chargeId: 5, junk })]) {
        expect(decodeCharge(body, limits)).toMatchObject({
          kind: 'poison',
          code: 'MESSAGE_TOO_LARGE',
        });
      }
      expect(decodeCharge(bytes({ junk: 'x' }), limits)).toMatchObject({ kind: 'poison', code: 'MISSING_ID' });
    });

    it('refuses a message nested deeper than any contract body, without overflowing the stack', () => {
      const deep = JSON.stringify(charge)
        .replace('"items":', `"items":${'['.repeat(20000)}`)
        .replace(',"totalFen"', `${']'.repeat(20000)},"totalFen"`);
      const d = decodeCharge(Buffer.from(deep));
      expect(d).toMatchObject({ kind: 'invalid-charge', chargeId: 'c-1' });
      expect(problemsOf(d)).toBe('(message): nests deeper than 32 levels');
    });
  });

  describe('unknown fields', () => {
    const withJunk = {
      ...charge,
      junk: 'y'.repeat(5000),
      credential: { ...charge.credential, extra: 1 },
      items: [{ ...item, x: [1, 2] }],
    };

    it('are not stored, and a retry with other extra fields is the same charge', () => {
      const plain = decodeCharge(bytes(charge));
      const junky = decodeCharge(bytes(withJunk));
      if (plain.kind !== 'charge' || junky.kind !== 'charge') throw new Error('both settle');
      expect(junky.requestText).toBe(plain.requestText);
      expect(JSON.parse(junky.requestText)).toEqual(charge);
      expect(junky.hash).toBe(plain.hash);
      expect(Object.keys(junky.charge)).not.toContain('junk');
    });

    // The fingerprint of a charge stored before this change must not move: a redelivery would be a conflict.
    it('keeps the fingerprint of a valid charge as it was', () => {
      const d = decodeCharge(bytes({ junk: 1, ...charge }));
      const before = createHash('sha256').update(JSON.stringify(charge)).digest('hex');
      expect(d).toMatchObject({ kind: 'charge', hash: before });
    });

    it('are dropped from a rejected charge, reversal and contribution too', () => {
      const bad = { ...withJunk, totalFen: 1 };
      const d = decodeCharge(bytes(bad));
      if (d.kind !== 'invalid-charge') throw new Error('rejected');
      expect(d.requestText).not.toContain('junk');
      expect(d.requestText).not.toContain('extra');
      expect(d.hash).toBe((decodeCharge(bytes({ ...charge, totalFen: 1 })) as { hash: string }).hash);
      const r = decodeReversal(bytes({ ...reversal, reason: 'NOPE', junk: 'y' }));
      expect(r).toMatchObject({ kind: 'invalid-reversal' });
      expect(r.kind === 'invalid-reversal' && Object.keys(r.raw)).not.toContain('junk');
      const ok = decodeReversal(bytes({ ...reversal, junk: 'y' }));
      expect(ok.kind === 'reversal' && Object.keys(ok.reversal)).not.toContain('junk');
      const k = decodeContribution(bytes({ ...contribution, junk: 'y' }));
      expect(k.kind === 'contribution' && k.requestText).toBe(JSON.stringify(contribution));
    });
  });

  describe('NUL characters', () => {
    it('refuse the charge naming the field, and the stored copy holds none', () => {
      const text = JSON.stringify(charge).replace('"name":"药"', '"name":"药\\u0000"');
      const d = decodeCharge(Buffer.from(text));
      expect(d).toMatchObject({ kind: 'invalid-charge', message: 'items[0].name: contains a NUL character (U+0000)' });
      expect(d.kind === 'invalid-charge' && d.requestText).not.toContain('\\u0000');
      const r = decodeReversal(Buffer.from(JSON.stringify(reversal).replace('"t-1"', '"t-1\\u0000"')));
      expect(r).toMatchObject({ kind: 'invalid-reversal', message: 'terminalId: contains a NUL character (U+0000)' });
    });
  });
});
