import { uid } from '../support/unique-ids';
import { appUnderTest } from './support/app-under-test';

/** PUT /v1/merchants/{id} and PUT /v1/persons/{id}: upserts, accounts for employees, validation. */
describe('registration of merchants and persons', () => {
  const { api } = appUnderTest();

  const person = (overrides: Record<string, unknown> = {}) => ({
    name: '张三',
    regionCode: '610113',
    insuranceType: 'EMPLOYEE',
    enrollmentStatus: 'ACTIVE',
    fraudRecordAt: null,
    ...overrides,
  });

  it('registers a merchant (201), updates it (200) and validates the body (400)', async () => {
    const merchantId = uid('P61');
    const body = { name: '西安某大药房', kind: 'PHARMACY', regionCode: '610113', designated: true };
    const created = await api().put(`/v1/merchants/${merchantId}`, body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ merchantId, ...body });

    const updated = await api().put(`/v1/merchants/${merchantId}`, { ...body, designated: false });
    expect(updated.status).toBe(200);
    expect(updated.body.designated).toBe(false);

    const bad = await api().put(`/v1/merchants/${merchantId}`, {
      name: '',
      kind: 'SHOP',
      regionCode: '6101',
      designated: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'designated',
      'kind',
      'name',
      'regionCode',
    ]);
  });

  it('gives an EMPLOYEE a personal account and a RESIDENT none', async () => {
    const employee = uid('emp');
    const res = await api().put(`/v1/persons/${employee}`, person());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      personId: employee,
      accountId: employee,
      enrollmentStatus: 'ACTIVE',
      fraudRecordAt: null,
    });
    const account = await api().get(`/v1/accounts/${employee}`);
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({
      personId: employee,
      balanceFen: 0,
      heldFen: 0,
      availableFen: 0,
      reserveFen: 0,
    });

    const resident = uid('res');
    const r = await api().put(`/v1/persons/${resident}`, person({ insuranceType: 'RESIDENT' }));
    expect(r.status).toBe(201);
    expect(r.body.accountId).toBeNull();
    const none = await api().get(`/v1/accounts/${resident}`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('NOT_FOUND');
  });

  it('updates a person (200), keeps the account when an employee becomes resident, and gives one when resident becomes employee', async () => {
    const id = uid('switch');
    expect((await api().put(`/v1/persons/${id}`, person({ insuranceType: 'RESIDENT' }))).status).toBe(201);
    const toEmployee = await api().put(`/v1/persons/${id}`, person({ fraudRecordAt: '2023-05-01' }));
    expect(toEmployee.status).toBe(200);
    expect(toEmployee.body).toMatchObject({ accountId: id, fraudRecordAt: '2023-05-01' });
    const toResident = await api().put(`/v1/persons/${id}`, person({ insuranceType: 'RESIDENT' }));
    expect(toResident.status).toBe(200);
    expect(toResident.body.accountId).toBe(id);
  });

  it.each([
    [{ regionCode: '61011' }, 'regionCode'],
    [{ insuranceType: 'COMMERCIAL' }, 'insuranceType'],
    [{ enrollmentStatus: 'LAPSED' }, 'enrollmentStatus'],
    [{ fraudRecordAt: '2024-02-30' }, 'fraudRecordAt'],
    [{ fraudRecordAt: '20240201' }, 'fraudRecordAt'],
    [{ name: 42 }, 'name'],
  ])('refuses %j with 400 naming %s', async (change, field) => {
    const res = await api().put(`/v1/persons/${uid('bad')}`, person(change));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    expect(res.body.message).toEqual(expect.any(String));
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('refuses a path id outside the contract identifier format, and malformed JSON', async () => {
    const res = await api().put(`/v1/persons/${encodeURIComponent('bad id!')}`, person());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_REQUEST', fields: [{ field: 'personId' }] });

    const malformed = await api().call('PUT', `/v1/persons/${uid('json')}`, { rawBody: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_REQUEST');
  });

  it('answers 404 {code: NOT_FOUND} for unknown routes', async () => {
    const res = await api().get('/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
