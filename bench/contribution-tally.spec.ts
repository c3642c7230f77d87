import type { SettlementEvent } from '../apps/pos-simulator/src/outcome-tracker';
import { ContributionTally } from './contribution-tally';

const paid = (id: string): SettlementEvent => ({ id: `e-${id}`, type: 'contribution.paid', subject: id, data: {} });
const rejected = (id: string, code: string): SettlementEvent => ({
  id: `r-${id}`,
  type: 'contribution.rejected',
  subject: id,
  data: { reason: { code, message: 'no' } },
});

describe('ContributionTally', () => {
  it('counts paid and rejected by code, with latency from the send', () => {
    const t = new ContributionTally();
    for (const id of ['a', 'b', 'c']) t.expect(id);
    t.markSent('a', 1000);
    t.markSent('b', 1000);
    expect(t.ingest(paid('a'), 1040)).toBe(true);
    expect(t.ingest(rejected('b', 'ALREADY_PAID'), 1010)).toBe(true);
    expect(t.ingest(paid('other'), 1010)).toBe(false);
    expect(t.complete()).toBe(false);
    const r = t.result();
    expect(r).toMatchObject({
      sent: 3,
      paid: 1,
      rejected: { ALREADY_PAID: 1 },
      withoutOutcome: 1,
      withSeveralOutcomes: 0,
    });
    expect(r.latencyMs.count).toBe(2);
    expect(r.latencyMs.max).toBe(40);
  });

  it('reports a contribution answered twice', () => {
    const t = new ContributionTally();
    t.expect('a');
    t.ingest(paid('a'), 1);
    t.ingest(paid('a'), 2);
    expect(t.complete()).toBe(true);
    expect(t.result().withSeveralOutcomes).toBe(1);
  });
});
