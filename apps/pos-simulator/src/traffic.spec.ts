import { ReversalBook } from './traffic';
import type { ReversalRequested } from './messages';

describe('ReversalBook', () => {
  const reversal = (requestedAt: string, reason: ReversalRequested['reason']): ReversalRequested => ({
    reversalId: 'M1:T1:R7',
    chargeId: 'M1:T1:7',
    merchantId: 'M1',
    terminalId: 'T1',
    patientId: 'P1',
    requestedAt,
    reason,
  });

  it('sends a reversal again as the same bytes, whatever the second attempt would have built', () => {
    const book = new ReversalBook();
    const first = book.message('M1:T1:R7', () => reversal('2026-12-04T22:00:54.204+08:00', 'CUSTOMER_RETURN'));
    const again = book.message('M1:T1:R7', () => reversal('2026-12-04T22:01:20.000+08:00', 'TIMEOUT'));
    expect(first.first).toBe(true);
    expect(again).toEqual({ value: first.value, first: false });
    expect(JSON.parse(again.value)).toMatchObject({
      requestedAt: '2026-12-04T22:00:54.204+08:00',
      reason: 'CUSTOMER_RETURN',
    });
  });

  it('builds each reversal id once', () => {
    const book = new ReversalBook();
    let builds = 0;
    const build = () => {
      builds++;
      return reversal('2026-12-04T22:00:54.204+08:00', 'TIMEOUT');
    };
    book.message('a', build);
    book.message('a', build);
    book.message('b', build);
    expect(builds).toBe(2);
  });
});
