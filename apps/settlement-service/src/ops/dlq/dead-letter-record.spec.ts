import { readDeadLetter, DlqRecord } from './dead-letter-record';
import { describeDeadLetter } from './describe-dead-letter';
import { matchesSelection, selectionFromOptions } from './dlq-selection';

/** As the DLQ relay publishes it (dead-letter-relay.service.ts toRecord). */
const record = (over: Partial<DlqRecord> = {}): DlqRecord => ({
  dlqTopic: 'pos.charges.v1.dlq',
  partition: 3,
  offset: '17',
  timestamp: Date.parse('2026-12-04T15:00:00Z'),
  key: Buffer.from('610100000001'),
  value: Buffer.from('{"patientId":"610100000001", not json'),
  headers: {
    traceparent: Buffer.from('00-abc-def-01'),
    'x-error-code': Buffer.from('NOT_JSON_OBJECT'),
    'x-error-message': Buffer.from('value is not a JSON object: 610100000001'),
    'x-original-topic': Buffer.from('pos.charges.v1'),
    'x-original-partition': Buffer.from('5'),
    'x-original-offset': Buffer.from('1234'),
  },
  ...over,
});

describe('readDeadLetter', () => {
  it('reads the reason and the origin, and keeps the original headers only for a replay', () => {
    const v = readDeadLetter(record());
    expect(v.reason).toBe('NOT_JSON_OBJECT');
    expect(v.original).toEqual({ topic: 'pos.charges.v1', partition: 5, offset: '1234' });
    expect(v.replayHeaders).toEqual({ traceparent: [Buffer.from('00-abc-def-01')] });
    expect(v.notReplayable).toBeNull();
  });

  it('refuses to send a letter anywhere but to the inbound topic its DLQ belongs to', () => {
    const foreign = record({
      headers: { ...record().headers, 'x-original-topic': Buffer.from('settlement.events.v1') },
    });
    expect(readDeadLetter(foreign).notReplayable).toMatch(/not an inbound topic/);
    const crossed = record({ dlqTopic: 'pos.reversals.v1.dlq' });
    expect(readDeadLetter(crossed).notReplayable).toMatch(/not the origin/);
    const { 'x-original-topic': _gone, ...rest } = record().headers;
    expect(readDeadLetter(record({ headers: rest })).notReplayable).toMatch(/no x-original-topic/);
  });
});

describe('describeDeadLetter', () => {
  it('prints no person number in clear: key, value and error message are masked', () => {
    const text = describeDeadLetter(readDeadLetter(record())).join('\n');
    expect(text).toContain('pos.charges.v1.dlq 3@17');
    expect(text).toContain('original pos.charges.v1 5@1234');
    expect(text).toContain('reason NOT_JSON_OBJECT');
    expect(text).not.toContain('610100000001');
    expect(text).toContain('p#');
  });

  it('says so when the value is not text', () => {
    const text = describeDeadLetter(readDeadLetter(record({ value: Buffer.from([0xff, 0xfe, 0x00]) }))).join('\n');
    expect(text).toContain('<not UTF-8 text: 3 bytes>');
  });
});

describe('DLQ selection', () => {
  const v = readDeadLetter(record());
  it.each([
    [{}, true],
    [{ reason: 'MISSING_ID,NOT_JSON_OBJECT' }, true],
    [{ reason: 'MISSING_ID' }, false],
    [{ partition: '3', offsets: '17' }, true],
    [{ partition: '2' }, false],
    [{ offsets: '10-20' }, true],
    [{ offsets: '18-' }, false],
    [{ offsets: '-16' }, false],
    [{ since: '2026-12-04T15:00:00Z', until: '2026-12-04T15:00:00Z' }, true],
    [{ since: '2026-12-04T15:00:01Z' }, false],
  ])('%j matches: %s', (options, expected) => {
    expect(matchesSelection(v, selectionFromOptions(options))).toBe(expected);
  });

  it('names topics by their inbound name or their DLQ', () => {
    expect(selectionFromOptions({ topic: 'pos.charges.v1.dlq,mutualaid.authorization-decisions.v1' }).topics).toEqual([
      'pos.charges.v1',
      'mutualaid.authorization-decisions.v1',
    ]);
    expect(selectionFromOptions({}).topics).toHaveLength(4);
  });

  it.each([
    [{ topic: 'settlement.events.v1' }, /not one of/],
    [{ offsets: '20-10' }, /FROM is after TO/],
    [{ offsets: 'x' }, /expected/],
    [{ since: 'yesterday' }, /not a time/],
    [{ partition: '-1' }, /whole number/],
  ])('refuses %j', (options, message) => {
    expect(() => selectionFromOptions(options)).toThrow(message);
  });
});
