import { AuthorizationExpiry } from '../../apps/settlement-service/src/application/settlement/authorization-expiry.service';
import { chargeRequested } from '../support/charge-builder';
import { eventually } from '../support/kafka-test-client';
import { serviceUnderTest } from '../support/service-under-test';
import { uid } from '../support/unique-ids';
import { ApiClient } from '../http/support/api-client';

/**
 * Every path that ends a pending authorization locks authorizations → charges → accounts. The
 * reversal against a holder's decision is raced in test/merchants/http-settlement.int-spec.ts;
 * here the reversal races the expiry sweep (AUTHORIZATION_TIMEOUT_S=1), round after round.
 */
describe('lock order: a reversal against the expiry of the same authorization', () => {
  const sut = serviceUnderTest({ AUTHORIZATION_TIMEOUT_S: '1' });
  const { db } = sut;
  let api: ApiClient;
  beforeAll(() => {
    api = new ApiClient(sut.app.baseUrl);
  });

  const deadlocks = async (): Promise<number> =>
    Number(
      (await db.pool.query(`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`)).rows[0]
        .deadlocks,
    );

  it('never deadlocks, and the reversal always leaves every fen where it was', async () => {
    const before = await deadlocks();
    const expiry = sut.app.app.get(AuthorizationExpiry);
    for (let round = 0; round < 6; round++) {
      const merchant = await db.merchant({ regionCode: '610113' });
      const patient = await db.person({ regionCode: '610113', balanceFen: 10000n });
      const holder = await db.person({ regionCode: '610104', balanceFen: 100000n });
      await db.binding({
        holderId: holder,
        beneficiaryId: patient,
        relationship: 'MOTHER',
        monthlyLimitFen: 20000n,
        paymentOrder: 1,
      });
      // Above the patient's own 100 yuan: the holder's share waits for an answer nobody gives.
      const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 50000 }] });
      expect((await api.post('/v1/charges?waitS=0', charge)).status).toBe(202);
      await eventually(async () => {
        const now = await api.get(`/v1/settlements/${charge.chargeId}`);
        return now.body?.status === 'PENDING_AUTHORIZATION';
      });
      // Due now (or within a few ms): the sweep and the reversal meet on the same rows.
      await new Promise((r) => setTimeout(r, 900 + round * 40));
      const reversal = {
        reversalId: uid('R'),
        chargeId: charge.chargeId,
        merchantId: merchant,
        terminalId: 'T01',
        patientId: patient,
        requestedAt: new Date().toISOString(),
        reason: 'CUSTOMER_RETURN',
      };
      const [, reversed] = await Promise.all([expiry.sweep(), api.post('/v1/reversals?waitS=20', reversal)]);
      expect(reversed.body.status).toBe('REVERSED');
      expect(await db.account(patient)).toMatchObject({ balanceFen: 10000n, heldFen: 0n });
      expect(await db.account(holder)).toMatchObject({ balanceFen: 100000n, heldFen: 0n });
    }
    expect(await deadlocks()).toBe(before);
    expect(await db.unbalancedJournalEntries()).toBe(0);
  });
});
