import { outboxFilterFromOptions } from './outbox-filter';

describe('outboxFilterFromOptions', () => {
  it('reads ids, ranges and a time window', () => {
    expect(outboxFilterFromOptions({ ids: '12, 15,20-30', since: '2026-12-04T15:00:00Z', limit: '5' })).toEqual({
      ids: ['12', '15'],
      idRanges: [{ from: '20', to: '30' }],
      createdFrom: new Date('2026-12-04T15:00:00Z'),
      createdTo: null,
      limit: 5,
    });
    expect(outboxFilterFromOptions({ ids: '20-30' }).ids).toEqual([]);
  });

  it.each([
    [{}, /needs --ids/],
    [{ ids: '1,a' }, /expected ids/],
    [{ ids: '30-20' }, /reversed/],
    [{ since: '2026-12-05T00:00:00Z', until: '2026-12-04T00:00:00Z' }, /after --until/],
    [{ ids: '1', limit: '0' }, /positive/],
  ])('refuses %j', (options, message) => {
    expect(() => outboxFilterFromOptions(options)).toThrow(message);
  });
});
