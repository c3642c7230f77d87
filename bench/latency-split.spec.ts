import { latencySplit, sampleOf } from './latency-split';

describe('latencySplit', () => {
  it('splits each sample into its three parts, which add up to the whole', () => {
    const samples = [
      { producedMs: 1000, decidedMs: 1010, publishedMs: 1030, consumedMs: 1034 },
      { producedMs: 2000, decidedMs: 2040, publishedMs: 2050, consumedMs: 2060 },
    ];
    const split = latencySplit(samples);
    expect(split.toTransactionMs.count).toBe(2);
    expect(split.toTransactionMs.max).toBe(40);
    expect(split.toTransactionMs.mean).toBe(25);
    expect(split.transactionToPublishMs.mean).toBe(15);
    expect(split.publishToConsumeMs.mean).toBe(7);
    const whole = samples.map((s) => s.consumedMs - s.producedMs).reduce((a, b) => a + b) / samples.length;
    expect(split.toTransactionMs.mean + split.transactionToPublishMs.mean + split.publishToConsumeMs.mean).toBe(whole);
  });

  it('reads a part cut short by the millisecond clocks as zero, not negative', () => {
    const split = latencySplit([{ producedMs: 1000.6, decidedMs: 1000, publishedMs: 1003, consumedMs: 1005 }]);
    expect(split.toTransactionMs.max).toBe(0);
  });

  it('is empty without samples', () => {
    expect(latencySplit([]).publishToConsumeMs.count).toBe(0);
  });
});

describe('sampleOf', () => {
  it('reads the event time and the Kafka timestamp', () => {
    expect(sampleOf(5, '2026-11-23T20:00:00.010Z', '1795464000030', 1795464000040)).toEqual({
      producedMs: 5,
      decidedMs: Date.parse('2026-11-23T20:00:00.010Z'),
      publishedMs: 1795464000030,
      consumedMs: 1795464000040,
    });
  });

  it('gives nothing when a clock is missing or unreadable', () => {
    expect(sampleOf(5, undefined, '1', 9)).toBeNull();
    expect(sampleOf(5, 'not a time', '1', 9)).toBeNull();
    expect(sampleOf(5, '2026-11-23T20:00:00Z', undefined, 9)).toBeNull();
    expect(sampleOf(5, '2026-11-23T20:00:00Z', 'x', 9)).toBeNull();
  });
});
