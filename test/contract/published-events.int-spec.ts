import { startApp, RunningApp } from '../support/start-app';
import { KafkaTestClient, eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { loadAsyncApiContract, validateSettlementEvent } from '../support/asyncapi-schemas';
import { ApiClient } from '../http/support/api-client';
import { bind, creditAccount, registerPerson } from '../http/support/fixtures';
import { uid } from '../support/unique-ids';

interface Published {
  key: string | null;
  headers: Record<string, string>;
  event: Record<string, any>;
}

/**
 * Every kind of event the running service publishes, read back from the broker and checked
 * against docs/asyncapi.yaml (schemas and the contract's amount identities).
 */
describe('published events conform to docs/asyncapi.yaml', () => {
  let app: RunningApp;
  let api: ApiClient;
  const kafka = new KafkaTestClient();
  const published: Published[] = [];

  beforeAll(async () => {
    await loadAsyncApiContract();
    app = await startApp({ AUTHORIZATION_TIMEOUT_S: '2' });
    api = new ApiClient(app.baseUrl);
    await kafka.tail(
      'settlement.events.v1',
      (m) => ({ key: m.key, headers: m.headers, event: JSON.parse(m.value?.toString() ?? 'null') }),
      published,
    );
  });
  afterAll(async () => {
    await app?.close();
    await kafka.close();
  });

  it('charge.settled, charge.rejected, charge.authorization-requested, charge.reversed, reversal.rejected and binding.* all validate', async () => {
    const merchantId = uid('M');
    expect(
      (
        await api.put(`/v1/merchants/${merchantId}`, {
          name: '药房',
          kind: 'PHARMACY',
          regionCode: '610113',
          designated: true,
        })
      ).status,
    ).toBe(201);
    const patient = await registerPerson(api, 'pat', { regionCode: '610113' });
    const holder = await registerPerson(api, 'hold', { regionCode: '610104' });
    await creditAccount(api, patient, 1000);
    await creditAccount(api, holder, 200000);
    const bindingId = await bind(api, holder, patient, 'SPOUSE', 20000);

    const settled = chargeRequested({
      merchantId,
      patientId: patient,
      items: [
        { amountFen: 3000, fundPaidFen: 500 },
        { amountFen: 100, category: 'NON_MEDICAL' },
      ],
    });
    const pending = chargeRequested({ merchantId, patientId: patient, items: [{ amountFen: 40000 }] });
    const rejected = chargeRequested({
      merchantId,
      patientId: patient,
      credentialPersonId: holder,
      items: [{ amountFen: 100 }],
    });
    const early = chargeRequested({ merchantId, patientId: patient, items: [{ amountFen: 100 }] });
    const reversal = (chargeId: string, reversalId = uid('R')) => ({
      reversalId,
      chargeId,
      merchantId,
      terminalId: 'T01',
      patientId: patient,
      requestedAt: new Date().toISOString(),
      reason: 'CUSTOMER_RETURN',
    });
    for (const c of [settled, pending, rejected]) await kafka.produce('pos.charges.v1', patient, c);
    await kafka.produce('pos.charges.v1', patient, { ...settled, totalFen: 1 }); // DUPLICATE_CONFLICT
    await eventually(() =>
      published.some((p) => p.event.subject === settled.chargeId && p.event.type === 'charge.settled'),
    );
    await kafka.produce('pos.reversals.v1', patient, reversal(settled.chargeId));
    await kafka.produce('pos.reversals.v1', patient, reversal(rejected.chargeId)); // nothing to reverse
    await kafka.produce('pos.reversals.v1', patient, reversal(early.chargeId)); // before its charge
    // Topics are consumed independently: the charge goes only once the reversal is on record.
    await eventually(() =>
      published.some((p) => p.event.subject === early.chargeId && p.event.type === 'charge.reversed'),
    );
    await kafka.produce('pos.charges.v1', patient, early);
    await eventually(() =>
      published.some((p) => p.event.subject === early.chargeId && p.event.type === 'charge.rejected'),
    );
    // binding events: lapse and restore the patient's enrollment, then revoke
    const person = { name: '测试', regionCode: '610113', insuranceType: 'EMPLOYEE', fraudRecordAt: null };
    await api.put(`/v1/persons/${patient}`, { ...person, enrollmentStatus: 'SUSPENDED' });
    await api.put(`/v1/persons/${patient}`, { ...person, enrollmentStatus: 'ACTIVE' });
    expect((await api.delete(`/v1/bindings/${bindingId}`)).status).toBeLessThan(300);

    const wanted = [
      'charge.settled',
      'charge.rejected',
      'charge.authorization-requested',
      'charge.reversed',
      'reversal.rejected',
      'binding.suspended',
      'binding.resumed',
      'binding.revoked',
    ];
    const ours = () =>
      published.filter(
        (p) =>
          p.key === patient ||
          p.key === holder ||
          [settled, pending, rejected, early].some((c) => c.chargeId === p.event.subject),
      );
    await eventually(
      () => wanted.every((t) => ours().some((p) => p.event.type === t)) || undefined,
      30000,
      'every event type',
    );
    // the pending charge's expiry settles it too
    await eventually(
      () => ours().some((p) => p.event.subject === pending.chargeId && p.event.type === 'charge.settled'),
      20000,
      'expiry',
    );

    for (const p of ours()) {
      expect({ type: p.event.type, problems: validateSettlementEvent(p.event) }).toEqual({
        type: p.event.type,
        problems: [],
      });
      expect(p.headers['content-type']).toBe('application/cloudevents+json');
      expect(p.key).toBe(p.event.type.startsWith('binding.') ? holder : patient);
    }
    const codes = ours()
      .map((p) => p.event.data.reason?.code)
      .filter(Boolean);
    expect(codes).toEqual(
      expect.arrayContaining(['CREDENTIAL_MISMATCH', 'DUPLICATE_CONFLICT', 'CHARGE_REVERSED', 'INVALID_REVERSAL']),
    );
  });
});
