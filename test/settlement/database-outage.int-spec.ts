import { Admin } from 'kafkajs';
import { startApp, RunningApp } from '../support/start-app';
import { DbFixtures } from '../support/db-fixtures';
import { KafkaTestClient, ReceivedEvent, eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { TcpProxy } from '../support/tcp-proxy';
import { TEST_SERVICE_DATABASE_URL } from '../support/test-config';
import { fastForwardGroup } from '../../apps/pos-simulator/src/kafka-io';

const GROUP = 'gongji-outage-test';

/** The service's only way to PostgreSQL runs through a proxy the test cuts and restores. */
describe('a database outage pauses consumption and loses nothing', () => {
  const db = new DbFixtures();
  const kafka = new KafkaTestClient();
  const proxy = new TcpProxy('127.0.0.1', 5432);
  let app: RunningApp;
  let admin: Admin;
  let events: ReceivedEvent[];

  beforeAll(async () => {
    const port = await proxy.start();
    const url = new URL(TEST_SERVICE_DATABASE_URL);
    url.port = String(port);
    // Its own group starts at the end of the topics (offsets taken now), not at their beginning.
    await fastForwardGroup(kafka.kafka, GROUP, [
      'pos.charges.v1',
      'pos.reversals.v1',
      'mutualaid.authorization-decisions.v1',
      'mutualaid.contribution-requests.v1',
    ]);
    admin = kafka.kafka.admin();
    await admin.connect();
    app = await startApp({ DATABASE_URL: url.toString(), KAFKA_GROUP_ID: GROUP, DATABASE_POOL_SIZE: '4' });
    events = await kafka.collectEvents();
  });
  afterAll(async () => {
    await proxy.restore();
    await app?.close();
    await admin?.disconnect();
    await proxy.close();
    await kafka.close();
    await db.close();
  });

  const committed = async () => {
    const [t] = await admin.fetchOffsets({ groupId: GROUP, topics: ['pos.charges.v1'] });
    return t.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
  };
  const finals = (ids: Set<string>) =>
    events.filter((e) => ids.has(e.subject) && (e.type === 'charge.settled' || e.type === 'charge.rejected'));

  it('holds offsets during the outage, reports PostgreSQL down, then settles everything exactly once', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 1_000_000n });
    const before = Array.from({ length: 20 }, () =>
      chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] }),
    );
    await kafka.produceMany(
      'pos.charges.v1',
      before.map((c) => ({ key: patient, value: c })),
    );
    await eventually(() => finals(new Set(before.map((c) => c.chargeId))).length === 20, 30000, 'first outcomes');
    const offsetBefore = await eventually(async () => {
      const n = await committed();
      return n > 0 ? n : undefined;
    });

    await proxy.cut();
    const during = Array.from({ length: 30 }, () =>
      chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }] }),
    );
    await kafka.produceMany(
      'pos.charges.v1',
      during.map((c) => ({ key: patient, value: c })),
    );
    const health = await eventually(async () => {
      const res = await fetch(`${app.baseUrl}/health`);
      return res.status === 503
        ? ((await res.json()) as { dependencies: { postgres: { status: string }; kafka: { status: string } } })
        : undefined;
    });
    expect(health.dependencies.postgres.status).toBe('down');
    expect(health.dependencies.kafka.status).toBe('up');
    await new Promise((r) => setTimeout(r, 3000));
    // Nothing of what arrived during the outage was acknowledged or answered.
    expect(await committed()).toBe(offsetBefore);
    expect(finals(new Set(during.map((c) => c.chargeId)))).toHaveLength(0);

    await proxy.restore();
    const ids = new Set(during.map((c) => c.chargeId));
    await eventually(() => finals(ids).length >= 30, 60000, 'outcomes after the outage');
    expect(new Set(finals(ids).map((e) => e.id)).size).toBe(30);
    expect(finals(ids).every((e) => e.type === 'charge.settled')).toBe(true);
    expect((await db.account(patient)).balanceFen).toBe(1_000_000n - 50n * 100n);
    await eventually(async () => (await committed()) >= offsetBefore + 30 || undefined, 20000, 'offsets to advance');
    expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200);
  });
});
