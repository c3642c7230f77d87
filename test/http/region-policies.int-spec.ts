import { chinaDate } from '@gongji/domain';
import { Pool } from 'pg';
import { chargeRequested } from '../support/charge-builder';
import { KafkaTestClient, ReceivedEvent, eventually } from '../support/kafka-test-client';
import { RunningApp, startApp } from '../support/start-app';
import { uid } from '../support/unique-ids';
import { ApiClient } from './support/api-client';
import { bindingOutboxEvents, testDatabase } from './support/database';
import { bind, registerHolder, registerPerson } from './support/fixtures';
import { holderToken } from './support/tokens';

const DAY_MS = 24 * 3600 * 1000;
const TODAY = () => chinaDate(new Date());
/** A district of its own for each run (no built-in version names it), so versions PUT here touch nothing else. */
const testDistrict = () => `99${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

/**
 * Region policies as versioned data (contract 1.1 §4, issue #20): the bureau's versions over
 * HTTP, judged by date, applied by every instance without a restart; bindings judged by the
 * rules they were made under when their parties' insurance changes.
 */
describe('region policies as versioned data', () => {
  let a: RunningApp;
  let b: RunningApp;
  let api: ApiClient;
  let apiB: ApiClient;
  let db: Pool;
  const kafka = new KafkaTestClient();
  let events: ReceivedEvent[];

  beforeAll(async () => {
    // Two instances (one group): a version PUT on one must apply on the other. Charges up to
    // three days old are admitted, to judge one from yesterday.
    const env = { CHARGE_MAX_AGE_S: String(3 * 24 * 3600) };
    a = await startApp(env);
    b = await startApp(env);
    api = new ApiClient(a.baseUrl);
    apiB = new ApiClient(b.baseUrl);
    db = testDatabase();
    events = await kafka.collectEvents();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.end();
    await kafka.close();
  });

  it('lists every version with its source, to any role, the seeds included', async () => {
    const holder = await registerPerson(api, 'reader', { regionCode: '110105' });
    const res = await api.get('/v1/region-policies', holderToken(holder));
    expect(res.status).toBe(200);
    const taiyuan = res.body.versions.find((v: { policyVersion: string }) => v.policyVersion === '1401@2026-02-06');
    expect(taiyuan).toMatchObject({
      regionCode: '1401',
      effectiveFrom: '2026-02-06',
      source: expect.stringContaining('004'),
      fields: { allowedRelationships: expect.arrayContaining(['SIBLING', 'GRANDPARENT', 'GRANDCHILD']) },
    });
    const shaanxi = res.body.versions.find((v: { regionCode: string }) => v.regionCode === '61');
    expect(shaanxi.fields).toMatchObject({
      minHolderBalanceFen: 100_000,
      monthlyLimitRangeFen: { min: 20_000, max: 200_000 },
    });
  });

  it('Taiyuan binds a sibling under seed 004; the rest of Shanxi (Datong) still refuses one', async () => {
    const taiyuanHolder = await registerHolder(api, 'ty-h', { regionCode: '140105' });
    const taiyuanSibling = await registerPerson(api, 'ty-s', { regionCode: '140106', insuranceType: 'RESIDENT' });
    await bind(api, taiyuanHolder, taiyuanSibling, 'SIBLING');
    const datongHolder = await registerHolder(api, 'dt-h', { regionCode: '140202' });
    const datongSibling = await registerPerson(api, 'dt-s', { regionCode: '140202', insuranceType: 'RESIDENT' });
    const refused = await api.post('/v1/bindings', {
      holderId: datongHolder,
      beneficiaryId: datongSibling,
      relationship: 'SIBLING',
      monthlyLimitFen: null,
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'RELATIONSHIP_NOT_ALLOWED']);
  });

  it('refuses a past date, an unknown or bad field, and anyone but the bureau, naming the field', async () => {
    const region = testDistrict();
    const yesterday = chinaDate(new Date(Date.now() - DAY_MS));
    const past = await api.put(`/v1/region-policies/${region}/versions/${yesterday}`, { maxBeneficiaries: 3 });
    expect([past.status, past.body.code]).toEqual([400, 'INVALID_REQUEST']);
    expect(past.body.fields).toEqual([expect.objectContaining({ field: 'effectiveFrom' })]);

    const future = chinaDate(new Date(Date.now() + 30 * DAY_MS));
    const bad = await api.put(`/v1/region-policies/${region}/versions/${future}`, {
      maxBeneficiaries: 0,
      scope: 'GALAXY',
      favouriteColour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'favouriteColour',
      'maxBeneficiaries',
      'scope',
    ]);

    const badRegion = await api.put(`/v1/region-policies/1234567/versions/${future}`, { maxBeneficiaries: 3 });
    expect(badRegion.status).toBe(400);
    const badDate = await api.put(`/v1/region-policies/${region}/versions/2026-02-30`, { maxBeneficiaries: 3 });
    expect(badDate.status).toBe(400);

    const holder = await registerPerson(api, 'not-bureau', { regionCode: '110105' });
    const forbidden = await api.put(
      `/v1/region-policies/${region}/versions/${future}`,
      { maxBeneficiaries: 3 },
      holderToken(holder),
    );
    expect(forbidden.status).toBe(403);
  });

  it('adds a future version (201), answers the same again (200), replaces it before its day (200)', async () => {
    const region = testDistrict();
    const future = chinaDate(new Date(Date.now() + 60 * DAY_MS));
    const first = await api.put(`/v1/region-policies/${region}/versions/${future}`, { maxBeneficiaries: 3 });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ regionCode: region, effectiveFrom: future, policyVersion: `${region}@${future}` });
    expect((await api.put(`/v1/region-policies/${region}/versions/${future}`, { maxBeneficiaries: 3 })).status).toBe(
      200,
    );
    const replaced = await api.put(`/v1/region-policies/${region}/versions/${future}`, {
      maxBeneficiaries: 4,
      monthlyLimitRangeFen: { min: 10_000, max: 50_000 },
    });
    expect(replaced.status).toBe(200);
    const listed = (await api.get('/v1/region-policies')).body.versions.find(
      (v: { policyVersion: string }) => v.policyVersion === `${region}@${future}`,
    );
    expect(listed.fields).toEqual({ maxBeneficiaries: 4, monthlyLimitRangeFen: { min: 10_000, max: 50_000 } });
  });

  it('a version PUT on one instance applies on the other without a restart; a version in force never changes', async () => {
    const region = testDistrict();
    const today = TODAY();
    const put = await api.put(`/v1/region-policies/${region}/versions/${today}`, { maxBeneficiaries: 1 });
    expect([200, 201]).toContain(put.status);

    const resolved = await eventually(
      async () => {
        const r = await apiB.get(`/v1/region-policies/${region}`);
        return r.body.policyVersion?.includes(`${region}@${today}`) ? r.body : undefined;
      },
      10_000,
      'the other instance to resolve the new version',
    );
    expect(resolved.policy.maxBeneficiaries).toBe(1);

    // ... and decides by it: a second relative is refused there.
    const holder = await registerHolder(apiB, 'h', { regionCode: region });
    const first = await registerPerson(apiB, 'r1', { regionCode: region, insuranceType: 'RESIDENT' });
    const second = await registerPerson(apiB, 'r2', { regionCode: region, insuranceType: 'RESIDENT' });
    await bind(apiB, holder, first, 'CHILD');
    const refused = await apiB.post('/v1/bindings', {
      holderId: holder,
      beneficiaryId: second,
      relationship: 'CHILD',
      monthlyLimitFen: null,
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'TOO_MANY_BENEFICIARIES']);

    const changed = await api.put(`/v1/region-policies/${region}/versions/${today}`, { maxBeneficiaries: 2 });
    expect([changed.status, changed.body.code]).toEqual([409, 'POLICY_VERSION_IN_FORCE']);
  });

  it('a charge is judged by the version in force on its occurredAt date: yesterday by the old rule, today by the new', async () => {
    const region = testDistrict();
    const today = TODAY();
    expect(
      (await api.put(`/v1/region-policies/${region}/versions/${today}`, { catalogueOnly: true })).status,
    ).toBeLessThan(300);
    await eventually(async () => (await api.get(`/v1/region-policies/${region}`)).body.policy?.catalogueOnly === true);

    const merchant = uid('M');
    await api.put(`/v1/merchants/${merchant}`, {
      name: '药房',
      kind: 'PHARMACY',
      regionCode: region,
      designated: true,
    });
    const patient = await registerHolder(api, 'pat', { regionCode: region }, 100_000);
    const offCatalogue = [{ amountFen: 1_000, inCatalog: false }];
    const startOfToday = new Date(`${today}T00:00:00+08:00`);
    const yesterday = chargeRequested({
      merchantId: merchant,
      patientId: patient,
      items: offCatalogue,
      occurredAt: new Date(startOfToday.getTime() - 3600 * 1000),
    });
    const now = chargeRequested({ merchantId: merchant, patientId: patient, items: offCatalogue });
    await kafka.produce('pos.charges.v1', patient, yesterday);
    await kafka.produce('pos.charges.v1', patient, now);

    const settled = (chargeId: string) =>
      events.find((e) => e.subject === chargeId && e.type === 'charge.settled') as ReceivedEvent & {
        data: { amounts: { acctPayFen: number; ineligibleFen: number }; policyVersion: string };
      };
    await eventually(() => settled(yesterday.chargeId) && settled(now.chargeId), 30_000, 'both charges settled');
    expect(settled(yesterday.chargeId).data.amounts).toMatchObject({ acctPayFen: 1_000, ineligibleFen: 0 });
    expect(settled(yesterday.chargeId).data.policyVersion).not.toContain(region);
    expect(settled(now.chargeId).data.amounts).toMatchObject({ acctPayFen: 0, ineligibleFen: 1_000 });
    expect(settled(now.chargeId).data.policyVersion).toContain(`${region}@${today}`);
  });

  describe('a change of insurance', () => {
    const statusOf = async (bindingId: string) =>
      (await db.query(`SELECT status, status_reason FROM bindings WHERE binding_id = $1`, [bindingId])).rows[0];
    const eventsOf = async (bindingId: string) =>
      (await bindingOutboxEvents(db, bindingId)).map((e) => [e.event_type, JSON.parse(e.payload).data.reason]);
    const person = (id: string, regionCode: string, insuranceType = 'RESIDENT') =>
      api.put(`/v1/persons/${id}`, { name: '测试', regionCode, insuranceType, enrollmentStatus: 'ACTIVE' });

    it('moving out of a Shaanxi binding’s province suspends it (REGION_CHANGED); moving back resumes it', async () => {
      const holder = await registerHolder(api, 'sx-h', { regionCode: '610113' }, 200_000);
      const mother = await registerPerson(api, 'sx-m', { regionCode: '610113', insuranceType: 'RESIDENT' });
      const bindingId = await bind(api, holder, mother, 'MOTHER', 50_000);

      expect((await person(mother, '110105')).status).toBe(200);
      expect(await statusOf(bindingId)).toEqual({ status: 'SUSPENDED', status_reason: 'REGION_CHANGED' });
      expect((await person(mother, '610402')).status).toBe(200); // another city of Shaanxi: in scope again
      expect(await statusOf(bindingId)).toEqual({ status: 'ACTIVE', status_reason: null });
      expect(await eventsOf(bindingId)).toEqual([
        ['binding.suspended', 'REGION_CHANGED'],
        ['binding.resumed', 'REGION_RESTORED'],
      ]);
    });

    it('a holder no longer EMPLOYEE suspends their bindings (INSURANCE_CHANGED) and EMPLOYEE again resumes them', async () => {
      const holder = await registerHolder(api, 'emp-h', { regionCode: '110105' });
      const child = await registerPerson(api, 'emp-c', { regionCode: '110105', insuranceType: 'RESIDENT' });
      const bindingId = await bind(api, holder, child, 'CHILD');
      await person(holder, '110105', 'RESIDENT');
      expect(await statusOf(bindingId)).toEqual({ status: 'SUSPENDED', status_reason: 'INSURANCE_CHANGED' });
      await person(holder, '110105', 'EMPLOYEE');
      expect(await statusOf(bindingId)).toEqual({ status: 'ACTIVE', status_reason: null });
      expect(await eventsOf(bindingId)).toEqual([
        ['binding.suspended', 'INSURANCE_CHANGED'],
        ['binding.resumed', 'INSURANCE_RESTORED'],
      ]);
    });

    it('an update without fraudRecordAt keeps the record; only an explicit null clears it', async () => {
      const recent = chinaDate(new Date(Date.now() - 100 * DAY_MS));
      const holder = await registerHolder(api, 'fraud-h', { regionCode: '610113', fraudRecordAt: recent }, 200_000);
      const spouse = await registerPerson(api, 'fraud-s', { regionCode: '610113', insuranceType: 'RESIDENT' });
      const update = { name: '测试', regionCode: '610113', insuranceType: 'EMPLOYEE', enrollmentStatus: 'ACTIVE' };
      const kept = await api.put(`/v1/persons/${holder}`, update);
      expect(kept.body.fraudRecordAt).toBe(recent);
      const body = { holderId: holder, beneficiaryId: spouse, relationship: 'SPOUSE', monthlyLimitFen: 50_000 };
      expect((await api.post('/v1/bindings', body)).body.code).toBe('HOLDER_FRAUD_RECORD');
      const cleared = await api.put(`/v1/persons/${holder}`, { ...update, fraudRecordAt: null });
      expect(cleared.body.fraudRecordAt).toBeNull();
      expect((await api.post('/v1/bindings', body)).status).toBe(201);
    });
  });

  it('a reserve ratio is shown with the region’s suggested one, and replaces a fixed reserve', async () => {
    const holder = await registerHolder(api, 'ratio-h', { regionCode: '610113' }, 10_001);
    const before = await api.get(`/v1/accounts/${holder}`);
    expect(before.body).toMatchObject({ reserveFen: 0, reserveRatioPercent: null, suggestedReserveRatioPercent: 20 });
    const ratio = await api.put(`/v1/accounts/${holder}/reserve`, { reserveRatioPercent: 20 });
    expect(ratio.body).toMatchObject({ reserveRatioPercent: 20, reserveFen: 2_001 }); // ceil(10001 × 20%)
    const fixed = await api.put(`/v1/accounts/${holder}/reserve`, { reserveFen: 500 });
    expect(fixed.body).toMatchObject({ reserveRatioPercent: null, reserveFen: 500 });
    const both = await api.put(`/v1/accounts/${holder}/reserve`, { reserveFen: 500, reserveRatioPercent: 10 });
    expect(both.status).toBe(400);
    const tooMuch = await api.put(`/v1/accounts/${holder}/reserve`, { reserveRatioPercent: 101 });
    expect([tooMuch.status, tooMuch.body.fields?.[0]?.field]).toEqual([400, 'reserveRatioPercent']);
  });
});
