import { OutcomeTimeline, formatBuckets, parseTimeline } from './outcome-timeline';

describe('OutcomeTimeline', () => {
  it('counts outcomes per 100 ms bucket, in total and per partition', () => {
    const tl = new OutcomeTimeline();
    tl.record(1_000_050, 3, 12);
    tl.record(1_000_099, 3, 40.4);
    tl.record(1_000_000, 7, 5);
    tl.record(1_000_250, 0);
    expect(tl.take()).toEqual([
      { t: 1_000_000, n: 3, p: { 3: 2, 7: 1 }, l: 40 },
      { t: 1_000_200, n: 1, p: { 0: 1 } },
    ]);
    expect(tl.total).toBe(4);
    expect(tl.take()).toEqual([]);
  });

  it('hands over only the buckets that have ended, oldest first', () => {
    const tl = new OutcomeTimeline();
    tl.record(2_000_150, 1);
    tl.record(2_000_010, 1);
    expect(tl.take(2_000_150).map((b) => b.t)).toEqual([2_000_000]);
    expect(tl.take(2_000_200).map((b) => b.t)).toEqual([2_000_100]);
  });

  it('round-trips through its file format and skips a partly written last line', () => {
    const tl = new OutcomeTimeline();
    tl.record(5_000_000, 2);
    tl.record(5_000_500, 4);
    const text = formatBuckets(tl.take()) + '{"t":5000600,"n":';
    expect(parseTimeline(text)).toEqual([
      { t: 5_000_000, n: 1, p: { 2: 1 } },
      { t: 5_000_500, n: 1, p: { 4: 1 } },
    ]);
  });

  it('merges a bucket written twice (an outcome read after its bucket was flushed)', () => {
    const text =
      '{"t":5000000,"n":2,"p":{"2":2},"l":10}\n{"t":5000100,"n":1,"p":{"3":1}}\n{"t":5000000,"n":1,"p":{"2":1,"4":1},"l":4000}\n';
    expect(parseTimeline(text)).toEqual([
      { t: 5_000_000, n: 3, p: { 2: 3, 4: 1 }, l: 4000 },
      { t: 5_000_100, n: 1, p: { 3: 1 } },
    ]);
  });
});
