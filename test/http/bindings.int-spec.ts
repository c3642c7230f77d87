import { chinaDate, monthKey } from '@gongji/domain';
import { Pool } from 'pg';
import { uid } from '../support/unique-ids';
import { appUnderTest } from './support/app-under-test';
import { bindingOutboxEvents, testDatabase } from './support/database';
import { bind, creditAccount, registerHolder, registerPerson } from './support/fixtures';

const SHAANXI = '610113'; // balance >= 1000 yuan, no fraud in 2 years, same province, 200..2000 yuan/month
const SHANXI = '140202'; // Datong: spouse, parents, children only (seed 000); same province
const TAIAN = '370902'; // at most 8, one father/mother/spouse, no one in both roles, total relatives limit
const BEIJING = '110105'; // national rule

/** Binding lifecycle, every refusal code of the contract, funding order and listing. */
describe('bindings', () => {
  const { api } = appUnderTest();
  let db: Pool;
  beforeAll(() => {
    db = testDatabase();
  });
  afterAll(async () => db.end());

  async function refusal(body: Record<string, unknown>): Promise<{ status: number; code: string; message: string }> {
    const res = await api().post('/v1/bindings', { monthlyLimitFen: null, ...body });
    return { status: res.status, code: res.body.code, message: res.body.message };
  }

  async function shaanxiHolder(balanceFen: number, fraudRecordAt: string | null = null): Promise<string> {
    const holder = await registerPerson(api(), 'sx-holder', { regionCode: SHAANXI, fraudRecordAt });
    if (balanceFen > 0) await creditAccount(api(), holder, balanceFen);
    return holder;
  }

  describe('creation and refusals', () => {
    it('binds (201 {bindingId, status}) and refuses the same pair again with ALREADY_BOUND', async () => {
      const holder = await registerHolder(api(), 'h', { regionCode: BEIJING });
      const child = await registerPerson(api(), 'c', { regionCode: SHANXI, insuranceType: 'RESIDENT' });
      const res = await api().post('/v1/bindings', {
        holderId: holder,
        beneficiaryId: child,
        relationship: 'CHILD',
        monthlyLimitFen: null,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ bindingId: expect.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/), status: 'ACTIVE' });
      expect(await refusal({ holderId: holder, beneficiaryId: child, relationship: 'CHILD' })).toMatchObject({
        status: 422,
        code: 'ALREADY_BOUND',
      });
    });

    it('SELF_BINDING', async () => {
      const holder = await registerHolder(api(), 'self', { regionCode: BEIJING });
      expect(await refusal({ holderId: holder, beneficiaryId: holder, relationship: 'SPOUSE' })).toMatchObject({
        status: 422,
        code: 'SELF_BINDING',
      });
    });

    it('HOLDER_NOT_EMPLOYEE for a resident-insured holder', async () => {
      const holder = await registerPerson(api(), 'res-h', { regionCode: BEIJING, insuranceType: 'RESIDENT' });
      const ben = await registerHolder(api(), 'b', { regionCode: BEIJING });
      expect((await refusal({ holderId: holder, beneficiaryId: ben, relationship: 'SPOUSE' })).code).toBe(
        'HOLDER_NOT_EMPLOYEE',
      );
    });

    it('HOLDER_NOT_INSURED and BENEFICIARY_NOT_INSURED', async () => {
      const lapsed = await registerHolder(api(), 'lapsed-h', { regionCode: BEIJING, enrollmentStatus: 'SUSPENDED' });
      const active = await registerHolder(api(), 'active', { regionCode: BEIJING });
      const terminated = await registerHolder(api(), 'term-b', { regionCode: BEIJING, enrollmentStatus: 'TERMINATED' });
      expect((await refusal({ holderId: lapsed, beneficiaryId: active, relationship: 'SPOUSE' })).code).toBe(
        'HOLDER_NOT_INSURED',
      );
      expect((await refusal({ holderId: active, beneficiaryId: terminated, relationship: 'SPOUSE' })).code).toBe(
        'BENEFICIARY_NOT_INSURED',
      );
    });

    it('404 NOT_FOUND for an unknown holder or beneficiary', async () => {
      const known = await registerHolder(api(), 'known', { regionCode: BEIJING });
      const a = await api().post('/v1/bindings', {
        holderId: uid('ghost'),
        beneficiaryId: known,
        relationship: 'SPOUSE',
      });
      const b = await api().post('/v1/bindings', {
        holderId: known,
        beneficiaryId: uid('ghost'),
        relationship: 'SPOUSE',
      });
      expect([a.status, a.body.code, b.status, b.body.code]).toEqual([404, 'NOT_FOUND', 404, 'NOT_FOUND']);
    });

    it('RELATIONSHIP_NOT_ALLOWED: Shanxi binds spouse, parents and children only', async () => {
      const holder = await registerHolder(api(), 'shanxi-h', { regionCode: SHANXI });
      const sibling = await registerHolder(api(), 'sib', { regionCode: SHANXI });
      const r = await refusal({ holderId: holder, beneficiaryId: sibling, relationship: 'SIBLING' });
      expect(r).toMatchObject({ status: 422, code: 'RELATIONSHIP_NOT_ALLOWED' });
      expect(r.message).toContain('14@2024-01-01');
      await bind(api(), holder, sibling, 'MOTHER'); // the same person as a parent is fine (the relationship is what counts)
    });

    it("RELATIONSHIP_NOT_ALLOWED: Tai'an allows one father per holder", async () => {
      const holder = await registerHolder(api(), 'ta-h', { regionCode: TAIAN });
      const father1 = await registerPerson(api(), 'f1', { regionCode: TAIAN, insuranceType: 'RESIDENT' });
      const father2 = await registerPerson(api(), 'f2', { regionCode: TAIAN, insuranceType: 'RESIDENT' });
      await bind(api(), holder, father1, 'FATHER');
      expect((await refusal({ holderId: holder, beneficiaryId: father2, relationship: 'FATHER' })).code).toBe(
        'RELATIONSHIP_NOT_ALLOWED',
      );
    });

    it("ALREADY_BOUND: Tai'an forbids being holder and beneficiary at once", async () => {
      const holder = await registerHolder(api(), 'ta-h', { regionCode: TAIAN });
      const spouse = await registerHolder(api(), 'ta-sp', { regionCode: TAIAN });
      const child = await registerPerson(api(), 'ta-c', { regionCode: TAIAN, insuranceType: 'RESIDENT' });
      const otherHolder = await registerHolder(api(), 'ta-h2', { regionCode: TAIAN });
      await bind(api(), holder, spouse, 'SPOUSE');
      // the beneficiary may not also become a holder ...
      const asHolder = await refusal({ holderId: spouse, beneficiaryId: child, relationship: 'CHILD' });
      expect(asHolder).toMatchObject({ status: 422, code: 'ALREADY_BOUND' });
      // ... and the holder may not also become a beneficiary
      const asBeneficiary = await refusal({ holderId: otherHolder, beneficiaryId: holder, relationship: 'SIBLING' });
      expect(asBeneficiary).toMatchObject({ status: 422, code: 'ALREADY_BOUND' });
      // elsewhere both roles are fine
      const bjHolder = await registerHolder(api(), 'bj-h', { regionCode: BEIJING });
      const bjSpouse = await registerHolder(api(), 'bj-sp', { regionCode: BEIJING });
      const bjChild = await registerPerson(api(), 'bj-c', { regionCode: BEIJING, insuranceType: 'RESIDENT' });
      await bind(api(), bjHolder, bjSpouse, 'SPOUSE');
      await bind(api(), bjSpouse, bjChild, 'CHILD');
    });

    it('CROSS_PROVINCE_NOT_ALLOWED in Shanxi and Shaanxi, allowed under the national rule', async () => {
      const shanxi = await registerHolder(api(), 'shanxi-h', { regionCode: SHANXI });
      const beijingChild = await registerPerson(api(), 'bj-c', { regionCode: BEIJING, insuranceType: 'RESIDENT' });
      expect((await refusal({ holderId: shanxi, beneficiaryId: beijingChild, relationship: 'CHILD' })).code).toBe(
        'CROSS_PROVINCE_NOT_ALLOWED',
      );
      const shaanxi = await shaanxiHolder(200_000);
      expect(
        (
          await refusal({
            holderId: shaanxi,
            beneficiaryId: beijingChild,
            relationship: 'CHILD',
            monthlyLimitFen: 50_000,
          })
        ).code,
      ).toBe('CROSS_PROVINCE_NOT_ALLOWED');
      const beijing = await registerHolder(api(), 'bj-h', { regionCode: BEIJING });
      const shanxiChild = await registerPerson(api(), 'sx-c', { regionCode: SHANXI, insuranceType: 'RESIDENT' });
      await bind(api(), beijing, shanxiChild, 'CHILD');
    });

    it('HOLDER_FRAUD_RECORD in Shaanxi within two years; an older record is no obstacle', async () => {
      const oneYearAgo = chinaDate(new Date(Date.now() - 365 * 24 * 3600 * 1000));
      const threeYearsAgo = chinaDate(new Date(Date.now() - 3 * 366 * 24 * 3600 * 1000));
      const recent = await shaanxiHolder(200_000, oneYearAgo);
      const old = await shaanxiHolder(200_000, threeYearsAgo);
      const spouse = await registerHolder(api(), 'sp', { regionCode: SHAANXI });
      expect(
        (await refusal({ holderId: recent, beneficiaryId: spouse, relationship: 'SPOUSE', monthlyLimitFen: 50_000 }))
          .code,
      ).toBe('HOLDER_FRAUD_RECORD');
      await bind(api(), old, spouse, 'SPOUSE', 50_000);
    });

    it('HOLDER_BALANCE_TOO_LOW in Shaanxi below 1000 yuan (balance at binding time)', async () => {
      const holder = await shaanxiHolder(99_999);
      const mother = await registerPerson(api(), 'm', { regionCode: SHAANXI, insuranceType: 'RESIDENT' });
      const r = await refusal({
        holderId: holder,
        beneficiaryId: mother,
        relationship: 'MOTHER',
        monthlyLimitFen: 50_000,
      });
      expect(r).toMatchObject({ status: 422, code: 'HOLDER_BALANCE_TOO_LOW' });
      expect(r.message).toContain('1000.00 yuan');
      await creditAccount(api(), holder, 1);
      await bind(api(), holder, mother, 'MOTHER', 50_000);
    });

    it('LIMIT_OUT_OF_RANGE in Shaanxi: a limit of 200..2000 yuan is required', async () => {
      const holder = await shaanxiHolder(500_000);
      const father = await registerPerson(api(), 'f', { regionCode: SHAANXI, insuranceType: 'RESIDENT' });
      for (const monthlyLimitFen of [null, 19_999, 200_001]) {
        const r = await refusal({ holderId: holder, beneficiaryId: father, relationship: 'FATHER', monthlyLimitFen });
        expect(r).toMatchObject({ status: 422, code: 'LIMIT_OUT_OF_RANGE' });
      }
      const bindingId = await bind(api(), holder, father, 'FATHER', 20_000);
      // the same rule on PATCH
      const tooHigh = await api().patch(`/v1/bindings/${bindingId}`, { monthlyLimitFen: 300_000 });
      expect([tooHigh.status, tooHigh.body.code]).toEqual([422, 'LIMIT_OUT_OF_RANGE']);
      const noLimit = await api().patch(`/v1/bindings/${bindingId}`, { monthlyLimitFen: null });
      expect([noLimit.status, noLimit.body.code]).toEqual([422, 'LIMIT_OUT_OF_RANGE']);
      const ok = await api().patch(`/v1/bindings/${bindingId}`, { monthlyLimitFen: 200_000 });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ bindingId, monthlyLimitFen: 200_000, status: 'ACTIVE' });
    });

    it("TOO_MANY_BENEFICIARIES in Tai'an: of 10 concurrent bindings of one holder exactly 8 succeed", async () => {
      const holder = await registerHolder(api(), 'ta-many', { regionCode: TAIAN });
      const relatives = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          registerPerson(api(), `ta-rel${i}`, { regionCode: TAIAN, insuranceType: 'RESIDENT' }),
        ),
      );
      const answers = await Promise.all(
        relatives.map((r) =>
          api().post('/v1/bindings', { holderId: holder, beneficiaryId: r, relationship: 'SIBLING' }),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(8);
      expect(answers.filter((a) => a.status === 422).map((a) => a.body.code)).toEqual([
        'TOO_MANY_BENEFICIARIES',
        'TOO_MANY_BENEFICIARIES',
      ]);
      const list = await api().get(`/v1/persons/${holder}/bindings`);
      expect(list.body.asHolder).toHaveLength(8);
    });

    it('400 for a malformed binding request (fields named), including fractional or string amounts', async () => {
      const res = await api().post('/v1/bindings', {
        holderId: 'ok',
        beneficiaryId: 'b',
        relationship: 'COUSIN',
        monthlyLimitFen: 100.5,
      });
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'monthlyLimitFen',
        'relationship',
      ]);
      const str = await api().post('/v1/bindings', {
        holderId: 'ok',
        beneficiaryId: 'b',
        relationship: 'SPOUSE',
        monthlyLimitFen: '5000',
      });
      expect(str.status).toBe(400);
      const big = await api().post('/v1/bindings', {
        holderId: 'ok',
        beneficiaryId: 'b',
        relationship: 'SPOUSE',
        monthlyLimitFen: 1e12 + 1,
      });
      expect(big.status).toBe(400);
    });
  });

  describe('payment order, listing, limit changes and unbinding', () => {
    it("orders a beneficiary's funding accounts and lists both sides with this month's usage", async () => {
      const child = await registerPerson(api(), 'kid', { regionCode: BEIJING, insuranceType: 'RESIDENT' });
      const father = await registerHolder(api(), 'dad', { regionCode: BEIJING });
      const mother = await registerHolder(api(), 'mum', { regionCode: BEIJING });
      const grandpa = await registerHolder(api(), 'grandpa', { regionCode: BEIJING });
      const fromFather = await bind(api(), father, child, 'CHILD', 30_000);
      const fromMother = await bind(api(), mother, child, 'CHILD');
      const fromGrandpa = await bind(api(), grandpa, child, 'GRANDCHILD');
      await db.query(
        `INSERT INTO monthly_usage (binding_id, month_key, holder_id, used_fen) VALUES ($1, $2, $3, 1234), ($1, '2000-01', $3, 999)`,
        [fromFather, monthKey(new Date()), father],
      );

      let list = await api().get(`/v1/persons/${child}/bindings`);
      expect(list.status).toBe(200);
      expect(list.body.month).toBe(monthKey(new Date()));
      expect(list.body.asHolder).toEqual([]);
      expect(list.body.asBeneficiary.map((b: { bindingId: string }) => b.bindingId)).toEqual([
        fromFather,
        fromMother,
        fromGrandpa,
      ]);
      expect(list.body.asBeneficiary[0]).toEqual({
        bindingId: fromFather,
        holderId: father,
        beneficiaryId: child,
        relationship: 'CHILD',
        monthlyLimitFen: 30_000,
        status: 'ACTIVE',
        statusReason: null,
        paymentOrder: 1,
        usedThisMonthFen: 1234,
      });
      expect(list.body.asBeneficiary[1]).toMatchObject({ paymentOrder: 2, usedThisMonthFen: 0, monthlyLimitFen: null });

      const reorder = await api().put(`/v1/persons/${child}/funding-order`, {
        bindingIds: [fromGrandpa, fromFather, fromMother],
      });
      expect(reorder.status).toBe(200);
      expect(reorder.body).toEqual({ personId: child, bindingIds: [fromGrandpa, fromFather, fromMother] });
      list = await api().get(`/v1/persons/${child}/bindings`);
      expect(
        list.body.asBeneficiary.map((b: { bindingId: string; paymentOrder: number }) => [b.bindingId, b.paymentOrder]),
      ).toEqual([
        [fromGrandpa, 1],
        [fromFather, 2],
        [fromMother, 3],
      ]);

      const fatherView = await api().get(`/v1/persons/${father}/bindings`);
      expect(fatherView.body.asHolder).toHaveLength(1);
      expect(fatherView.body.asHolder[0]).toMatchObject({ bindingId: fromFather, usedThisMonthFen: 1234 });

      // not exactly the set of non-revoked bindings: missing one, a stranger's, a repeat
      const otherChild = await registerPerson(api(), 'kid2', { regionCode: BEIJING, insuranceType: 'RESIDENT' });
      const strangers = await bind(api(), father, otherChild, 'CHILD');
      for (const bindingIds of [
        [fromGrandpa, fromFather],
        [fromGrandpa, fromFather, fromMother, strangers],
        [fromGrandpa, fromFather, fromFather],
      ]) {
        const bad = await api().put(`/v1/persons/${child}/funding-order`, { bindingIds });
        expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_REQUEST']);
      }
      const unknown = await api().put(`/v1/persons/${uid('nobody')}/funding-order`, { bindingIds: [] });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await api().get(`/v1/persons/${uid('nobody')}/bindings`)).status).toBe(404);

      // unbinding leaves the others' order; a new binding goes last
      expect((await api().delete(`/v1/bindings/${fromFather}`)).status).toBe(200);
      const late = await registerHolder(api(), 'aunt', { regionCode: BEIJING });
      const fromAunt = await bind(api(), late, child, 'SIBLING');
      list = await api().get(`/v1/persons/${child}/bindings`);
      expect(list.body.asBeneficiary.map((b: { bindingId: string }) => b.bindingId)).toEqual([
        fromGrandpa,
        fromMother,
        fromAunt,
      ]);
      expect(list.body.asBeneficiary[2].paymentOrder).toBe(4);
      const afterRevoke = await api().put(`/v1/persons/${child}/funding-order`, {
        bindingIds: [fromAunt, fromMother, fromGrandpa],
      });
      expect(afterRevoke.status).toBe(200);
    });

    it('concurrent bindings of one beneficiary from different holders get distinct payment orders', async () => {
      const child = await registerPerson(api(), 'kid', { regionCode: BEIJING, insuranceType: 'RESIDENT' });
      const holders = await Promise.all(
        Array.from({ length: 5 }, (_, i) => registerHolder(api(), `h${i}`, { regionCode: BEIJING })),
      );
      await Promise.all(holders.map((h) => bind(api(), h, child, 'GRANDCHILD')));
      const list = await api().get(`/v1/persons/${child}/bindings`);
      expect(list.body.asBeneficiary.map((b: { paymentOrder: number }) => b.paymentOrder)).toEqual([1, 2, 3, 4, 5]);
    });

    it('PATCH changes the limit (200), 404 for an unknown binding, 409 for a revoked one', async () => {
      const holder = await registerHolder(api(), 'h', { regionCode: BEIJING });
      const spouse = await registerHolder(api(), 'sp', { regionCode: BEIJING });
      const bindingId = await bind(api(), holder, spouse, 'SPOUSE');
      const changed = await api().patch(`/v1/bindings/${bindingId}`, { monthlyLimitFen: 12_345 });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ bindingId, monthlyLimitFen: 12_345 });
      const cleared = await api().patch(`/v1/bindings/${bindingId}`, { monthlyLimitFen: null });
      expect(cleared.body.monthlyLimitFen).toBeNull();
      const missingKey = await api().patch(`/v1/bindings/${bindingId}`, {});
      expect([missingKey.status, missingKey.body.fields[0].field]).toEqual([400, 'monthlyLimitFen']);
      const zero = await api().patch(`/v1/bindings/${bindingId}`, { monthlyLimitFen: 0 });
      expect(zero.status).toBe(400);
      expect((await api().patch(`/v1/bindings/${uid('nope')}`, { monthlyLimitFen: 100 })).status).toBe(404);
      await api().delete(`/v1/bindings/${bindingId}`);
      const onRevoked = await api().patch(`/v1/bindings/${bindingId}`, { monthlyLimitFen: 100 });
      expect([onRevoked.status, onRevoked.body.code]).toEqual([409, 'BINDING_REVOKED']);
    });

    it('DELETE revokes once with a binding.revoked event in the outbox, and is idempotent', async () => {
      const holder = await registerHolder(api(), 'h', { regionCode: BEIJING });
      const parent = await registerHolder(api(), 'p', { regionCode: BEIJING });
      const bindingId = await bind(api(), holder, parent, 'FATHER');
      const first = await api().delete(`/v1/bindings/${bindingId}`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ bindingId, status: 'REVOKED', statusReason: 'REVOKED_BY_BUREAU' });
      const again = await api().delete(`/v1/bindings/${bindingId}`);
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('REVOKED');
      expect((await api().delete(`/v1/bindings/${uid('nope')}`)).status).toBe(404);

      const events = await bindingOutboxEvents(db, bindingId);
      expect(events).toHaveLength(1);
      expect(events[0].event_type).toBe('binding.revoked');
      expect(events[0].message_key).toBe(holder);
      const event = JSON.parse(events[0].payload);
      expect(event).toEqual({
        specversion: '1.0',
        id: events[0].event_id,
        source: 'gongji/settlement-service',
        type: 'binding.revoked',
        subject: bindingId,
        time: expect.any(String),
        datacontenttype: 'application/json',
        data: { bindingId, holderId: holder, beneficiaryId: parent, reason: 'REVOKED_BY_BUREAU', at: event.time },
      });
      // the pair may be bound again after unbinding
      await bind(api(), holder, parent, 'FATHER');
      const list = await api().get(`/v1/persons/${holder}/bindings`);
      expect(list.body.asHolder).toHaveLength(1);
    });
  });
});
