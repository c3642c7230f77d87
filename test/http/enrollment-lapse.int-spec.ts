import { Pool } from 'pg';
import { appUnderTest } from './support/app-under-test';
import { bindingOutboxEvents, testDatabase } from './support/database';
import { bind, registerHolder, registerPerson } from './support/fixtures';

const BEIJING = '110105';

/** Enrollment lapses suspend bindings (binding.suspended); restoration resumes them (binding.resumed). */
describe('enrollment lapse and restoration', () => {
  const { api } = appUnderTest();
  let db: Pool;
  beforeAll(() => {
    db = testDatabase();
  });
  afterAll(async () => db.end());

  async function setEnrollment(personId: string, enrollmentStatus: string, insuranceType = 'EMPLOYEE'): Promise<void> {
    const res = await api().put(`/v1/persons/${personId}`, {
      name: '李四',
      regionCode: BEIJING,
      insuranceType,
      enrollmentStatus,
    });
    expect(res.status).toBe(200);
  }

  async function statusOf(bindingId: string): Promise<{ status: string; statusReason: string | null }> {
    const { rows } = await db.query(`SELECT status, status_reason FROM bindings WHERE binding_id = $1`, [bindingId]);
    return { status: rows[0].status, statusReason: rows[0].status_reason };
  }

  async function eventTypes(bindingId: string): Promise<string[]> {
    return (await bindingOutboxEvents(db, bindingId)).map((e) => e.event_type);
  }

  it('suspends every binding of a lapsed person, either side, and resumes only where the other side is ACTIVE', async () => {
    const holder = await registerHolder(api(), 'h', { regionCode: BEIJING });
    const holder2 = await registerHolder(api(), 'h2', { regionCode: BEIJING });
    const child = await registerPerson(api(), 'c', { regionCode: BEIJING, insuranceType: 'RESIDENT' });
    const spouse = await registerHolder(api(), 'sp', { regionCode: BEIJING });
    const holderToChild = await bind(api(), holder, child, 'CHILD');
    const holder2ToChild = await bind(api(), holder2, child, 'GRANDCHILD');
    const holderToSpouse = await bind(api(), holder, spouse, 'SPOUSE');
    const revoked = await bind(api(), holder2, spouse, 'SIBLING');
    await api().delete(`/v1/bindings/${revoked}`);

    // the child's insurance lapses: both bindings funding the child stop, the spouse's does not
    await setEnrollment(child, 'SUSPENDED', 'RESIDENT');
    expect(await statusOf(holderToChild)).toEqual({ status: 'SUSPENDED', statusReason: 'ENROLLMENT_LAPSED' });
    expect(await statusOf(holder2ToChild)).toEqual({ status: 'SUSPENDED', statusReason: 'ENROLLMENT_LAPSED' });
    expect((await statusOf(holderToSpouse)).status).toBe('ACTIVE');
    const [suspended] = await bindingOutboxEvents(db, holderToChild);
    expect(suspended.message_key).toBe(holder);
    expect(JSON.parse(suspended.payload)).toMatchObject({
      type: 'binding.suspended',
      subject: holderToChild,
      id: suspended.event_id,
      data: {
        bindingId: holderToChild,
        holderId: holder,
        beneficiaryId: child,
        reason: 'ENROLLMENT_LAPSED',
        at: expect.any(String),
      },
    });

    // a second lapse report changes nothing and writes nothing
    await setEnrollment(child, 'TERMINATED', 'RESIDENT');
    expect(await eventTypes(holderToChild)).toEqual(['binding.suspended']);

    // the holder lapses too: the spouse's binding stops; the child's was already stopped
    await setEnrollment(holder, 'TERMINATED');
    expect((await statusOf(holderToSpouse)).status).toBe('SUSPENDED');
    expect(await eventTypes(holderToChild)).toEqual(['binding.suspended']);
    expect((await statusOf(revoked)).status).toBe('REVOKED');
    expect(await eventTypes(revoked)).toEqual(['binding.revoked']);

    // the child is insured again: holder2 is active, so that binding resumes; the lapsed holder's does not
    await setEnrollment(child, 'ACTIVE', 'RESIDENT');
    expect(await statusOf(holder2ToChild)).toEqual({ status: 'ACTIVE', statusReason: null });
    expect(await statusOf(holderToChild)).toEqual({ status: 'SUSPENDED', statusReason: 'ENROLLMENT_LAPSED' });
    expect(await eventTypes(holder2ToChild)).toEqual(['binding.suspended', 'binding.resumed']);

    // the holder is insured again: both of their bindings resume
    await setEnrollment(holder, 'ACTIVE');
    expect((await statusOf(holderToChild)).status).toBe('ACTIVE');
    expect((await statusOf(holderToSpouse)).status).toBe('ACTIVE');
    expect(await eventTypes(holderToChild)).toEqual(['binding.suspended', 'binding.resumed']);
    expect(await eventTypes(holderToSpouse)).toEqual(['binding.suspended', 'binding.resumed']);
    const resumed = (await bindingOutboxEvents(db, holderToSpouse))[1];
    expect(JSON.parse(resumed.payload).data).toMatchObject({
      reason: 'ENROLLMENT_RESTORED',
      holderId: holder,
      beneficiaryId: spouse,
    });

    // the API shows it too
    const list = await api().get(`/v1/persons/${child}/bindings`);
    expect(list.body.asBeneficiary.map((b: { status: string }) => b.status)).toEqual(['ACTIVE', 'ACTIVE']);

    // event ids are unique per state change
    const ids = [
      ...(await bindingOutboxEvents(db, holderToChild)),
      ...(await bindingOutboxEvents(db, holderToSpouse)),
      ...(await bindingOutboxEvents(db, holder2ToChild)),
    ].map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a holder whose balance is zero cannot bind (seed 003), and an account emptied later keeps its binding ACTIVE (the engine treats it as ineffective)', async () => {
    const broke = await registerPerson(api(), 'broke', { regionCode: BEIJING });
    const spouse = await registerHolder(api(), 'sp', { regionCode: BEIJING });
    const refused = await api().post('/v1/bindings', {
      holderId: broke,
      beneficiaryId: spouse,
      relationship: 'SPOUSE',
      monthlyLimitFen: null,
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'HOLDER_BALANCE_TOO_LOW']);

    const holder = await registerHolder(api(), 'spent', { regionCode: BEIJING }, 100);
    const bindingId = await bind(api(), holder, spouse, 'SPOUSE');
    // As if spent at a pharmacy (the journal is not this test's subject).
    await db.query(`UPDATE accounts SET balance_fen = 0 WHERE account_id = $1`, [holder]);
    expect((await api().get(`/v1/accounts/${holder}`)).body.balanceFen).toBe(0);
    expect((await statusOf(bindingId)).status).toBe('ACTIVE');
  });

  it('both sides restored at the same moment: the binding ends ACTIVE', async () => {
    for (let round = 0; round < 3; round++) {
      const holder = await registerHolder(api(), 'h', { regionCode: BEIJING });
      const spouse = await registerHolder(api(), 'sp', { regionCode: BEIJING });
      const bindingId = await bind(api(), holder, spouse, 'SPOUSE');
      await Promise.all([setEnrollment(holder, 'SUSPENDED'), setEnrollment(spouse, 'SUSPENDED')]);
      expect((await statusOf(bindingId)).status).toBe('SUSPENDED');
      await Promise.all([setEnrollment(holder, 'ACTIVE'), setEnrollment(spouse, 'ACTIVE')]);
      expect(await statusOf(bindingId)).toEqual({ status: 'ACTIVE', statusReason: null });
      expect(await eventTypes(bindingId)).toEqual(['binding.suspended', 'binding.resumed']);
    }
  });
});
