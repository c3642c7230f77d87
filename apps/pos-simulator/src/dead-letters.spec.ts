import { DeadLetterWatch, poisonMessage } from './dead-letters';
import { Rng } from './prng';

const code = { 'x-error-code': Buffer.from('NOT_JSON') };

describe('poisonMessage', () => {
  it('is unique per number and never parses as JSON', () => {
    const rng = new Rng(1);
    const all = Array.from({ length: 30 }, (_, n) => poisonMessage('s1', n, rng));
    expect(new Set(all.map((m) => m.value.toString('base64'))).size).toBe(30);
    expect(new Set(all.map((m) => m.key)).size).toBe(30);
    for (const m of all) expect(() => JSON.parse(m.value.toString('utf8'))).toThrow();
  });
});

describe('DeadLetterWatch', () => {
  const rng = new Rng(2);
  const [a, b, c] = [0, 1, 2].map((n) => poisonMessage('s1', n, rng));

  it('counts a poison message dead-lettered under its key, bytes untouched, with x-error-code', () => {
    const w = new DeadLetterWatch('s1-');
    w.expect(a);
    w.expect(b);
    expect(w.complete()).toBe(false);
    w.ingest({ topic: 'pos.charges.v1.dlq', key: a.key, value: Buffer.from(a.value), headers: code });
    w.ingest({ topic: 'pos.charges.v1.dlq', key: b.key, value: b.value, headers: code });
    w.ingest({ topic: 'pos.charges.v1.dlq', key: b.key, value: b.value, headers: code });
    expect(w.complete()).toBe(true);
    expect(w.report()).toMatchObject({
      poisonSent: 2,
      poisonDeadLettered: 2,
      poisonAltered: 0,
      poisonMissing: 0,
      poisonRepeated: 1,
    });
  });

  it('tells altered bytes, a missing header and a missing message apart', () => {
    const w = new DeadLetterWatch('s1-');
    const notUtf8 = { key: 's1-poison-x', value: Buffer.from([0xff, 0xfe, 0x41, 0xc3, 0x28]) };
    for (const m of [notUtf8, b, c]) w.expect(m);
    // re-encoded as text on the way: U+FFFD instead of the original bytes
    w.ingest({
      topic: 'pos.charges.v1.dlq',
      key: notUtf8.key,
      value: Buffer.from(notUtf8.value.toString('utf8')),
      headers: code,
    });
    w.ingest({ topic: 'pos.charges.v1.dlq', key: b.key, value: b.value, headers: {} });
    expect(w.report()).toMatchObject({
      poisonSent: 3,
      poisonDeadLettered: 0,
      poisonAltered: 1,
      poisonWithoutErrorCode: 1,
      poisonMissing: 2,
    });
    expect(w.complete()).toBe(false);
  });

  it('counts other dead letters per topic and code, and those of this run', () => {
    const w = new DeadLetterWatch('s1-');
    w.ingest({
      topic: 'pos.charges.v1.dlq',
      key: 'p1',
      value: Buffer.from('{"chargeId":"s1-M1:T1:1"}'),
      headers: { 'x-error-code': 'PROCESSING_FAULT' },
    });
    w.ingest({ topic: 'pos.reversals.v1.dlq', key: 'p2', value: Buffer.from('junk') });
    w.ingest({
      topic: 'pos.charges.v1.dlq',
      key: 'drill-probe',
      value: Buffer.from('x'),
      headers: { 'x-drill-probe': '1' },
    });
    expect(w.report()).toMatchObject({
      others: { 'pos.charges.v1.dlq': { PROCESSING_FAULT: 1 }, 'pos.reversals.v1.dlq': { '(none)': 1 } },
      othersOfThisRun: 1,
    });
  });
});
