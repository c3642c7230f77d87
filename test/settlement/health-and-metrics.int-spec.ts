import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { serviceUnderTest } from '../support/service-under-test';
import { eventually } from '../support/kafka-test-client';
import { chargeRequested } from '../support/charge-builder';
import { eventIds } from '../../apps/settlement-service/src/application/settlement/outcome-events';

const REPO = join(__dirname, '../..');
// Asynchronously: the service runs in this process and must keep answering meanwhile.
const infra = (script: string) =>
  promisify(execFile)('bash', [join(REPO, 'scripts/infra', script)], { timeout: 120000 }).then(() => undefined);
/** /health's status code, or undefined while the service cannot be reached. */
const healthStatus = (baseUrl: string) =>
  fetch(`${baseUrl}/health`).then(
    (r) => r.status,
    () => undefined,
  );

describe('/health and /metrics', () => {
  const sut = serviceUnderTest();
  const { db, kafka } = sut;
  // Whatever happened, leave the broker up for the next suite.
  afterAll(() => infra('kafka-up.sh'));

  it('exposes outcomes by type and reason, processing latency, consumer lag and the outbox backlog', async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 100n });
    const ok = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 50 }] });
    const refused = chargeRequested({
      merchantId: merchant,
      patientId: patient,
      credentialPersonId: 'someone-else',
      items: [{ amountFen: 50 }],
    });
    await kafka.produce('pos.charges.v1', patient, ok);
    await kafka.produce('pos.charges.v1', patient, refused);
    await eventually(() => sut.events.some((e) => e.subject === refused.chargeId));

    const res = await fetch(`${sut.app.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/gongji_outcomes_total\{type="charge.settled",reason=""\} [1-9]/);
    expect(text).toMatch(/gongji_outcomes_total\{type="charge.rejected",reason="CREDENTIAL_MISMATCH"\} [1-9]/);
    // Both messages' processing times are recorded (how long they took is the bench's business:
    // a bucket bound here failed on a cold fresh clone, where a first transaction took 150 ms).
    expect(text).toMatch(/gongji_message_processing_seconds_bucket\{le="\+Inf"\} ([2-9]|\d{2,})\n/);
    expect(text).toMatch(/gongji_message_processing_seconds_count ([2-9]|\d{2,})\n/);
    expect(text).toMatch(/gongji_consumer_lag_messages\{topic="pos.charges.v1",partition="\d+"\} \d+/);
    expect(text).toMatch(/gongji_outbox_backlog_events \d+/);
    // no personal data in metrics
    expect(text).not.toContain(patient);
  });

  it('answers /health/live, and /health/ready (= /health) once the consumer holds partitions', async () => {
    const live = await fetch(`${sut.app.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await eventually(
      async () => {
        const r = await fetch(`${sut.app.baseUrl}/health/ready`);
        return r.status === 200 ? ((await r.json()) as Record<string, any>) : undefined;
      },
      30000,
      '/health/ready',
    );
    expect(ready).toMatchObject({
      status: 'up',
      dependencies: {
        postgres: { status: 'up' },
        kafka: { status: 'up' },
        outbox: { status: 'up', backlog: expect.any(Number) },
        consumer: { status: 'up', group: 'member', partitions: expect.any(Number) },
        lane: { status: 'up' },
        deadLetters: { status: 'up', backlog: expect.any(Number) },
      },
    });
    // this suite's only instance holds every inbound partition
    expect(ready.dependencies.consumer.partitions).toBeGreaterThanOrEqual(3);
    const metrics = await (await fetch(`${sut.app.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/gongji_consumer_group_member 1\n/);
    expect(metrics).toMatch(/gongji_consumer_assigned_partitions [1-9]/);
    expect(metrics).toMatch(/gongji_lane_held_seconds 0\n/);
  });

  it('reports each dependency, and Kafka down while the broker is stopped', async () => {
    const up = await fetch(`${sut.app.baseUrl}/health`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({
      status: 'up',
      dependencies: {
        postgres: { status: 'up' },
        kafka: { status: 'up' },
        outbox: { status: 'up', backlog: expect.any(Number) },
      },
    });

    await infra('down.sh');
    const down = await eventually(
      async () => {
        const r = await fetch(`${sut.app.baseUrl}/health`);
        return r.status === 503 ? ((await r.json()) as Record<string, any>) : undefined;
      },
      20000,
      '/health to turn 503',
    );
    expect(down).toMatchObject({
      status: 'down',
      dependencies: { kafka: { status: 'down' }, postgres: { status: 'up' } },
    });

    await infra('kafka-up.sh');
    await eventually(
      async () => (await healthStatus(sut.app.baseUrl)) === 200 || undefined,
      60000,
      '/health to recover',
    );
    // And charges flow again end to end (consumer and outbox producer recovered).
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 100n });
    const after = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 10 }] });
    await kafka.produce('pos.charges.v1', patient, after);
    const { rows } = await eventually(
      async () => {
        const r = await db.pool.query(`SELECT status FROM charges WHERE charge_id = $1`, [after.chargeId]);
        return r.rows.length ? r : undefined;
      },
      60000,
      'the charge after the restart to settle',
    );
    expect(rows[0].status).toBe('SETTLED');
    await eventually(
      async () => {
        const r = await db.pool.query(`SELECT sent_at FROM outbox WHERE event_id = $1`, [
          eventIds.settled(after.chargeId),
        ]);
        return r.rows[0]?.sent_at ? true : undefined;
      },
      60000,
      'its outcome to be published after the restart',
    );
  });
});
