import fc from 'fast-check';
import { cloudEvent } from './cloud-event';
import { stringifyWithBigint } from '../../shared/json/json-with-bigint';
import { settlementEvent } from './outbox-event';

describe('settlementEvent', () => {
  it('writes the same payload as serializing the whole event, and the data text inside it', () => {
    const data = fc.dictionary(
      fc.string(),
      fc.oneof(fc.string(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constant(null), fc.array(fc.integer())),
    );
    fc.assert(
      fc.property(data, fc.string(), fc.date({ noInvalidDate: true }), (d, id, at) => {
        const event = cloudEvent('charge.settled', id, 'C-1', at, d);
        const row = settlementEvent('P-1', event);
        expect(row.payload).toBe(stringifyWithBigint(event));
        expect(row.dataJson).toBe(stringifyWithBigint(d));
        expect(row.payload.endsWith(`,"data":${row.dataJson}}`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
