import type { ApiClient } from './api-client';
import { CollectionSeason } from './collection-season';
import type { BatchingProducer } from './kafka-io';
import type { SettlementEvent } from './outcome-tracker';
import type { ContributionBody, PlannedContribution } from './season-plan';

const body = (id: string): ContributionBody => ({
  contributionId: id,
  holderId: `H-${id}`,
  beneficiaryId: `B-${id}`,
  relationship: 'MOTHER',
  scheme: 'RESIDENT_MEDICAL',
  period: '2027',
  amountFen: 40_000,
  payeeId: 'TAX-1401',
  requestedAt: '2026-11-22T09:30:00+08:00',
});
const paid = (id: string, balanceAfterFen: number): SettlementEvent => ({
  id: `paid:${id}`,
  type: 'contribution.paid',
  subject: id,
  data: { contributionId: id, balanceAfterFen, amountFen: 40_000 },
});
const rejected = (id: string, code: string, eventId = `rej:${id}:${code}`): SettlementEvent => ({
  id: eventId,
  type: 'contribution.rejected',
  subject: id,
  data: { contributionId: id, reason: { code, message: '' } },
});

function season(plan: PlannedContribution[]): { s: CollectionSeason; sent: string[] } {
  const sent: string[] = [];
  const producer = { send: (_t: string, _k: string, v: string) => sent.push(v) } as unknown as BatchingProducer;
  const s = new CollectionSeason(plan, producer, 'http://unused', { secret: 'secret' }, {} as ApiClient, () => 10_000);
  return { s, sent };
}

describe('CollectionSeason', () => {
  const plan: PlannedContribution[] = [
    { body: body('c1'), channel: 'KAFKA', expect: 'PAID' },
    { body: body('c2'), channel: 'KAFKA', expect: 'SCHEME_NOT_ALLOWED' },
    { body: body('c3'), channel: 'KAFKA', expect: 'PAID' },
    { body: body('c4'), channel: 'KAFKA', expect: 'RELATIONSHIP_NOT_ALLOWED' },
  ];

  it('counts answers by code, keeps the first outcome per id and tells expected from unexpected', async () => {
    const { s, sent } = season(plan);
    await s.run(0, 0);
    expect(sent).toHaveLength(4);
    s.ingest(paid('c1', 50_000));
    s.ingest(paid('c1', 50_000)); // delivered again
    s.ingest(rejected('c1', 'DUPLICATE_CONFLICT')); // a conflicting re-use does not replace it
    s.ingest(rejected('c2', 'SCHEME_NOT_ALLOWED'));
    s.ingest(rejected('c3', 'INSUFFICIENT_BALANCE')); // money spent meanwhile: allowed
    s.ingest(rejected('c4', 'CROSS_REGION_NOT_ALLOWED'));
    const r = s.report();
    expect(r).toMatchObject({
      planned: 4,
      answered: 4,
      unanswered: 0,
      paid: 1,
      paidButSpentMeanwhile: 1,
      rejectedByCode: { SCHEME_NOT_ALLOWED: 1, INSUFFICIENT_BALANCE: 1, CROSS_REGION_NOT_ALLOWED: 1 },
      paidContributionIds: ['c1'],
    });
    expect(r.unexpected).toEqual(['c4: CROSS_REGION_NOT_ALLOWED, expected RELATIONSHIP_NOT_ALLOWED']);
    expect(r.belowReserve).toEqual([]);
  });

  it("ignores another service instance's UNKNOWN_PERSON for this run's registered persons", async () => {
    const { s } = season(plan.slice(0, 1));
    await s.run(0, 0);
    // The same event id as this service's answer (ids are derived from the request).
    s.ingest(rejected('c1', 'UNKNOWN_PERSON', 'paid:c1'));
    s.ingest(paid('c1', 50_000));
    expect(s.report()).toMatchObject({ paid: 1, foreignAnswers: 1, unexpected: [] });
  });

  it('reports a payment that left the balance below the reserve', async () => {
    const { s } = season(plan.slice(0, 1));
    await s.run(0, 0);
    s.ingest(paid('c1', 9_999));
    expect(s.report().belowReserve).toEqual(['c1: 9999 < reserve 10000']);
  });
});
