import { Admin } from 'kafkajs';
import { fastForwardGroup } from '../../apps/pos-simulator/src/kafka-io';
import { ApiClient } from '../http/support/api-client';
import { chargeRequested } from '../support/charge-builder';
import { DbFixtures } from '../support/db-fixtures';
import { DlqRecord, KafkaTestClient, ReceivedEvent, eventually } from '../support/kafka-test-client';
import { setClusterReadOnly } from '../support/read-only-database';
import { RunningApp, startApp } from '../support/start-app';
import { allowTopicWrites, denyTopicWrites } from '../support/topic-writes';
import { uid } from '../support/unique-ids';

const GROUP = 'gongji-fault-classes-test';
const INBOUND = [
  'pos.charges.v1',
  'pos.reversals.v1',
  'mutualaid.authorization-decisions.v1',
  'mutualaid.contribution-requests.v1',
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The two kinds of failure: the world (here a database that refuses writes, and a DLQ topic that
 * takes nothing) holds and heals by itself, answering nothing wrongly; a message that fails by
 * itself against a writable database gets its own final answer and the DLQ, and nothing else waits.
 */
describe('fault classes: the world holds, a faulty message is answered alone', () => {
  const db = new DbFixtures();
  const kafka = new KafkaTestClient();
  let app: RunningApp;
  let admin: Admin;
  let events: ReceivedEvent[];
  const dlq: DlqRecord[] = [];

  beforeAll(async () => {
    await fastForwardGroup(kafka.kafka, GROUP, INBOUND);
    admin = kafka.kafka.admin();
    await admin.connect();
    app = await startApp({ KAFKA_GROUP_ID: GROUP, SETTLEMENT_MAX_BACKOFF_MS: '300' });
    events = await kafka.collectEvents();
    await kafka.tail('pos.charges.v1.dlq', (m) => ({ key: m.key, value: m.value, headers: m.headers }), dlq);
  });
  afterAll(async () => {
    await setClusterReadOnly(false);
    await setDlqWritable(true).catch(() => undefined);
    await app?.close();
    await admin?.disconnect();
    await kafka.close();
    await db.close();
  });

  const committed = async () => {
    const [t] = await admin.fetchOffsets({ groupId: GROUP, topics: ['pos.charges.v1'] });
    return t.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
  };
  const finals = (ids: Set<string>) =>
    events.filter((e) => ids.has(e.subject) && (e.type === 'charge.settled' || e.type === 'charge.rejected'));
  const ready = async () => {
    const res = await fetch(`${app.baseUrl}/health/ready`);
    return {
      status: res.status,
      body: (await res.json()) as { dependencies: Record<string, { status: string; detail?: string }> },
    };
  };
  const setDlqWritable = (writable: boolean) =>
    writable ? allowTopicWrites(admin, 'pos.charges.v1.dlq') : denyTopicWrites(admin, 'pos.charges.v1.dlq');

  it('a read-only database holds every message, answers none of them wrongly and none to the DLQ, then settles each once', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 1_000_000n });
    const charge = () => chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] });
    const before = Array.from({ length: 10 }, charge);
    await kafka.produceMany(
      'pos.charges.v1',
      before.map((c) => ({ key: patient, value: c })),
    );
    await eventually(() => finals(new Set(before.map((c) => c.chargeId))).length === 10, 30000, 'first outcomes');
    const offsetBefore = await eventually(async () => (await committed()) || undefined, 20000, 'first offsets');
    const dlqBefore = dlq.length;

    const during = Array.from({ length: 30 }, charge);
    const ids = new Set(during.map((c) => c.chargeId));
    try {
      await setClusterReadOnly(true);
      await kafka.produceMany(
        'pos.charges.v1',
        during.map((c) => ({ key: patient, value: c })),
      );
      const notReady = await eventually(
        async () => {
          const r = await ready();
          return r.status === 503 && r.body.dependencies.postgres.status === 'down' ? r.body : undefined;
        },
        20000,
        '/health/ready to report the database not writable',
      );
      expect(notReady.dependencies.postgres.detail).toMatch(/read-only/);
      // Over HTTP the same fault of the world is a 503 to retry, not a 500.
      const put = await new ApiClient(app.baseUrl).put(`/v1/merchants/${uid('M')}`, {
        name: 'Pharmacy during a fail-over',
        kind: 'PHARMACY',
        regionCode: '110105',
        designated: true,
      });
      expect(put.status).toBe(503);
      expect(put.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(put.headers.get('retry-after')).toBe('2');
      await sleep(3000);
      expect(finals(ids)).toHaveLength(0);
      expect(await committed()).toBe(offsetBefore);
      expect(dlq.length).toBe(dlqBefore);
      const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/gongji_lane_held_seconds [1-9]/);
    } finally {
      await setClusterReadOnly(false);
    }

    await eventually(() => finals(ids).length >= 30, 60000, 'outcomes after the database takes writes again');
    await sleep(1000);
    expect(finals(ids)).toHaveLength(30);
    expect(finals(ids).every((e) => e.type === 'charge.settled')).toBe(true);
    expect(dlq.length).toBe(dlqBefore);
    expect((await db.account(patient)).balanceFen).toBe(1_000_000n - 40n * 100n);
    await eventually(async () => (await committed()) >= offsetBefore + 30 || undefined, 20000, 'offsets to advance');
    await eventually(async () => (await ready()).status === 200 || undefined, 20000, 'ready again');
  });

  it('a charge that fails by itself against a writable database is answered PROCESSING_FAULT and dead-lettered; the rest of its batch settles', async () => {
    // A fault only this charge meets: the database refuses to store it (but not its rejection).
    await db.pool.query(`
      CREATE OR REPLACE FUNCTION test_refuse_boom_charge() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.charge_id LIKE '%:boom:%' AND NEW.reason_code IS DISTINCT FROM 'PROCESSING_FAULT' THEN
          RAISE EXCEPTION 'test fault for %', NEW.charge_id USING ERRCODE = '22023';
        END IF;
        RETURN NEW;
      END $$;
      DROP TRIGGER IF EXISTS test_refuse_boom_charge ON charges;
      CREATE TRIGGER test_refuse_boom_charge BEFORE INSERT ON charges
        FOR EACH ROW EXECUTE FUNCTION test_refuse_boom_charge();`);
    try {
      const merchant = await db.merchant();
      const patient = await db.person({ regionCode: '110105', balanceFen: 100_000n });
      const good = Array.from({ length: 8 }, () =>
        chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] }),
      );
      const boom = chargeRequested({
        merchantId: merchant,
        patientId: patient,
        chargeId: uid('CH:boom:'),
        items: [{ amountFen: 100 }],
      });
      const batch = [...good.slice(0, 4), boom, ...good.slice(4)];
      await kafka.produceMany(
        'pos.charges.v1',
        batch.map((c) => ({ key: patient, value: c })),
      );

      const ids = new Set(batch.map((c) => c.chargeId));
      await eventually(() => finals(ids).length >= 9, 60000, 'every charge of the batch answered');
      const answers = finals(ids);
      expect(
        answers
          .filter((e) => e.type === 'charge.settled')
          .map((e) => e.subject)
          .sort(),
      ).toEqual(good.map((c) => c.chargeId).sort());
      const rejected = answers.find((e) => e.subject === boom.chargeId);
      expect(rejected).toMatchObject({ type: 'charge.rejected', data: { reason: { code: 'PROCESSING_FAULT' } } });
      expect(rejected?.data.patientId).toBe(patient);

      const letter = await eventually(
        () => dlq.find((d) => d.value?.toString().includes(boom.chargeId)),
        30000,
        'the faulty charge on the DLQ',
      );
      expect(JSON.parse(letter.value!.toString())).toEqual(boom); // the original bytes
      expect(letter.key).toBe(patient);
      expect(letter.headers['x-error-code']).toBe('PROCESSING_FAULT');
      expect(letter.headers['x-error-message']).toMatch(/22023.*test fault/);
      expect(letter.headers['x-original-topic']).toBe('pos.charges.v1');

      const { rows } = await db.pool.query(`SELECT status, reason_code FROM charges WHERE charge_id = $1`, [
        boom.chargeId,
      ]);
      expect(rows).toEqual([{ status: 'REJECTED', reason_code: 'PROCESSING_FAULT' }]);
      expect((await db.account(patient)).balanceFen).toBe(100_000n - 800n);
      const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/gongji_faults_total\{class="message"\} [1-9]/);
    } finally {
      await db.pool.query(`DROP TRIGGER IF EXISTS test_refuse_boom_charge ON charges`);
    }
  });

  it('a DLQ topic that takes nothing delays dead letters, never settlement; they arrive once it heals', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 100_000n });
    const poison = `not json ${uid('poison')}`;
    const good = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] });
    try {
      await setDlqWritable(false);
      await kafka.produce('pos.charges.v1', patient, poison);
      await kafka.produce('pos.charges.v1', patient, good);
      await eventually(() => finals(new Set([good.chargeId])).length === 1, 30000, 'the good charge settled');
      const kept = await eventually(
        async () =>
          (await db.pool.query(`SELECT sent_at FROM dead_letters WHERE message_value = $1`, [Buffer.from(poison)]))
            .rows[0],
        20000,
        'the poison kept as a dead letter',
      );
      expect(kept.sent_at).toBeNull();
      const degraded = await eventually(
        async () => {
          const r = await ready();
          return r.body.dependencies.deadLetters.status === 'down' ? r : undefined;
        },
        30000,
        'the dead-letter relay reported failing',
      );
      expect(degraded.status).toBe(200); // settlement is not affected
      expect(dlq.some((d) => d.value?.toString() === poison)).toBe(false);
    } finally {
      await setDlqWritable(true);
    }
    const letter = await eventually(
      () => dlq.find((d) => d.value?.toString() === poison),
      60000,
      'the dead letter published once the DLQ takes writes',
    );
    expect(letter.headers['x-error-code']).toBe('NOT_JSON_OBJECT');
    expect(letter.key).toBe(patient);
  });
});
