import { startApp, RunningApp } from '../support/start-app';
import { DbFixtures } from '../support/db-fixtures';
import { chargeRequested } from '../support/charge-builder';
import { SettlementProcessor } from '../../apps/settlement-service/src/application/settlement/settlement-processor';
import { SettlementCommand } from '../../apps/settlement-service/src/application/settlement/settlement-command';
import {
  decodeCharge,
  decodeContribution,
  decodeReversal,
} from '../../apps/settlement-service/src/inbound/decode-inbound-message';
import { SPLIT_WRITE_AT } from '../../apps/settlement-service/src/application/settlement/apply-and-write';
import { authorizationIdFor } from '../../apps/settlement-service/src/application/settlement/apply-charge';
import { uid } from '../support/unique-ids';

/**
 * Many messages per transaction must give exactly what one message per transaction gives,
 * including limits, balances and reserves used up by earlier messages of the same batch.
 */
describe('batched settlement equals one-at-a-time settlement', () => {
  let app: RunningApp;
  const db = new DbFixtures();

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
    await db.close();
  });

  /** Two identical families; returns the ids and a way to map B's ids onto A's. */
  async function family() {
    const merchant = await db.merchant({ regionCode: '610113' });
    const patient = await db.person({ regionCode: '610113', balanceFen: 2500n });
    const sibling = await db.person({ regionCode: '610113', insuranceType: 'RESIDENT' });
    const mother = await db.person({ regionCode: '610113', balanceFen: 60000n, reserveFen: 5000n });
    const father = await db.person({ regionCode: '610113', balanceFen: 30000n });
    await db.binding({
      holderId: mother,
      beneficiaryId: patient,
      relationship: 'CHILD',
      monthlyLimitFen: 20000n,
      paymentOrder: 1,
    });
    await db.binding({
      holderId: father,
      beneficiaryId: patient,
      relationship: 'CHILD',
      monthlyLimitFen: 25000n,
      paymentOrder: 2,
    });
    await db.binding({
      holderId: mother,
      beneficiaryId: sibling,
      relationship: 'CHILD',
      monthlyLimitFen: 30000n,
      paymentOrder: 1,
    });
    return { merchant, patient, sibling, mother, father };
  }

  /**
   * `count` charges, one of them sent twice, a reversal of the fourth after charge `reverseAfter`,
   * and, after charge `contributeAfter`, the mother paying the sibling's resident insurance.
   */
  function commands(
    f: Awaited<ReturnType<typeof family>>,
    tag: string,
    count: number,
    reverseAfter: number,
    contributeAfter = -1,
    approveAfter = -1,
  ): SettlementCommand[] {
    const out: SettlementCommand[] = [];
    const chargeIds: string[] = [];
    for (let i = 0; i < count; i++) {
      if (i === contributeAfter) out.push(contribution(f, tag));
      if (i === approveAfter) out.push(...approvals(f, chargeIds));
      const who = i % 3 === 2 ? f.sibling : f.patient;
      const chargeId = `${tag}-c${i}`;
      chargeIds.push(chargeId);
      const items = [{ amountFen: 1500 + (i % 5) * 700, fundPaidFen: i % 4 === 0 ? 300 : 0 }];
      if (i % 6 === 0) items.push({ amountFen: 900, category: 'INPATIENT_SERVICE' } as never);
      const c = chargeRequested({ merchantId: f.merchant, patientId: who, chargeId, items });
      out.push(decodeCharge(Buffer.from(JSON.stringify(c))) as SettlementCommand);
      if (i === 7) out.push(decodeCharge(Buffer.from(JSON.stringify(c))) as SettlementCommand); // duplicate inside the batch
      if (i === reverseAfter) {
        const r = {
          reversalId: `${tag}-r`,
          chargeId: chargeIds[3],
          merchantId: f.merchant,
          terminalId: 'T01',
          patientId: f.patient,
          requestedAt: new Date().toISOString(),
          reason: 'CUSTOMER_RETURN',
        };
        out.push(decodeReversal(Buffer.from(JSON.stringify(r))) as SettlementCommand);
      }
    }
    return out;
  }

  function contribution(f: Awaited<ReturnType<typeof family>>, tag: string): SettlementCommand {
    const request = {
      contributionId: `${tag}-pay`,
      holderId: f.mother,
      beneficiaryId: f.sibling,
      relationship: 'CHILD',
      scheme: 'RESIDENT_MEDICAL',
      period: '2027',
      amountFen: 12_000,
      payeeId: 'TAX-6101',
      requestedAt: new Date().toISOString(),
    };
    return decodeContribution(Buffer.from(JSON.stringify(request))) as SettlementCommand;
  }

  /** Both funders approve whatever the first 30 charges asked them (an answer to nothing pending is ignored). */
  function approvals(f: Awaited<ReturnType<typeof family>>, chargeIds: readonly string[]): SettlementCommand[] {
    return chargeIds.slice(0, 30).flatMap((chargeId) =>
      [f.mother, f.father].map((holderId): SettlementCommand => ({
        kind: 'decision',
        authorizationId: authorizationIdFor(chargeId),
        holderId,
        decision: 'APPROVE',
      })),
    );
  }

  /** Settles one family's commands in one batch and a twin family's one at a time, and compares. */
  async function compare(count: number, reverseAfter: number, contributeAfter = -1, approveAfter = -1) {
    const processor = app.app.get(SettlementProcessor);
    const a = await family();
    const b = await family();
    const tags = { a: uid('A'), b: uid('B') };
    const batchA = commands(a, tags.a, count, reverseAfter, contributeAfter, approveAfter);
    const batchB = commands(b, tags.b, count, reverseAfter, contributeAfter, approveAfter);
    expect(batchA.every((c) => ['charge', 'reversal', 'contribution', 'decision'].includes(c.kind))).toBe(true);

    await processor.process(batchA);
    for (const cmd of batchB) await processor.process([cmd]);

    const names = (f: typeof a) =>
      new Map<string, string>([
        [f.patient, 'patient'],
        [f.sibling, 'sibling'],
        [f.mother, 'mother'],
        [f.father, 'father'],
        [f.merchant, 'merchant'],
      ]);
    const normalise = async (f: typeof a, tag: string) => {
      const map = names(f);
      const { rows } = await db.pool.query(
        `SELECT charge_id, status, reason_code, outcome FROM charges WHERE charge_id LIKE $1 ORDER BY charge_id`,
        [`${tag}-c%`],
      );
      return rows.map((r) => ({
        charge: (r.charge_id as string).slice(tag.length + 1),
        status: r.status,
        viaAuthorization: r.outcome.authorizationId != null,
        reason: r.reason_code,
        amounts: r.outcome.amounts ?? null,
        legs: (r.outcome.legs ?? []).map(
          (l: { accountId: string; amountFen: number; balanceAfterFen: number; relationship: string }) => ({
            who: map.get(l.accountId),
            amountFen: l.amountFen,
            balanceAfterFen: l.balanceAfterFen,
            relationship: l.relationship,
          }),
        ),
      }));
    };
    const outcomesA = await normalise(a, tags.a);
    const outcomesB = await normalise(b, tags.b);
    expect(outcomesA).toHaveLength(count);
    expect(outcomesA).toEqual(outcomesB);
    // The scenario really exercises limits and approval: not everything settled the same way.
    expect(new Set(outcomesA.map((o) => o.status)).size).toBeGreaterThan(1);

    for (const who of ['patient', 'mother', 'father'] as const) {
      const accA = await db.account(a[who]);
      const accB = await db.account(b[who]);
      expect({ who, balance: accA.balanceFen, held: accA.heldFen }).toEqual({
        who,
        balance: accB.balanceFen,
        held: accB.heldFen,
      });
      expect(await db.journalBalance(a[who])).toBe(accA.balanceFen);
    }
    if (contributeAfter >= 0) {
      const statusOf = async (tag: string) =>
        (await db.pool.query(`SELECT status FROM contributions WHERE contribution_id = $1`, [`${tag}-pay`])).rows;
      expect(await statusOf(tags.a)).toEqual([{ status: 'PAID' }]);
      expect(await statusOf(tags.b)).toEqual([{ status: 'PAID' }]);
    }
    return { messages: batchA.length, outcomes: outcomesA };
  }

  it('gives the same outcomes, legs, balances and usage for a 26-message batch as for 26 single transactions', async () => {
    expect((await compare(24, 10)).messages).toBeLessThan(SPLIT_WRITE_AT); // written at once
  });

  it('the same for a batch written in two parts, a charge of the first part reversed in the second', async () => {
    expect((await compare(80, 60)).messages).toBeGreaterThanOrEqual(SPLIT_WRITE_AT); // written in two parts
  });

  it('the same when the first part pays a contribution from a funder whom the second part debits', async () => {
    // The first part's write is two statements (contributions, then the rest): both must run
    // before the second part's, or the mother's balance would be written back to an older value.
    expect((await compare(80, 60, 4)).messages).toBeGreaterThanOrEqual(SPLIT_WRITE_AT);
  });

  it('the same when charges left pending by the first part are approved in the second', async () => {
    // 80 charges, then the answers to the first 30: the first part ends after charge 69, so the
    // authorizations, held legs and charges its write inserted change in the second part's write.
    const { messages, outcomes } = await compare(80, 70, -1, 75);
    expect(messages).toBeGreaterThanOrEqual(SPLIT_WRITE_AT);
    const approved = outcomes.filter((o) => o.viaAuthorization && o.status === 'SETTLED');
    expect(approved.length).toBeGreaterThan(0);
  });
});
