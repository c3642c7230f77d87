import { runDlqCli } from '../../apps/settlement-service/src/ops/dlq/dlq-cli';
import { runOutboxCli } from '../../apps/settlement-service/src/ops/outbox/outbox-cli';
import type { OpsOutput } from '../../apps/settlement-service/src/ops/ops-output';
import { chargeRequested } from '../support/charge-builder';
import { eventually } from '../support/kafka-test-client';
import { serviceUnderTest } from '../support/service-under-test';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a tool printed, and its exit status. */
function capture(): OpsOutput & { text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join('\n') };
}

interface Seen {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/**
 * `npm run dlq` and `npm run outbox` against the real broker and database, with the service
 * running: a poison message it dead-lettered is listed, inspected and replayed (only with --yes)
 * to its original topic, byte for byte; an outbox row marked for re-publishing is published again.
 */
describe("operators' tools", () => {
  const sut = serviceUnderTest();
  const { db, kafka } = sut;

  it('dlq: a poison message is listed, inspected, and replayed to its topic only with --yes', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const config = sut.app.config;
    const patient = await db.person({ regionCode: '110105', balanceFen: 5000n });
    const poison = Buffer.from(`{"patientId": "${patient}", "chargeId": not json \u00e9`);
    const dlq: Seen[] = [];
    await kafka.tail('pos.charges.v1.dlq', (m) => (m.key === patient ? m : null), dlq);
    const producer = kafka.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'pos.charges.v1',
      acks: -1,
      messages: [{ key: patient, value: poison, headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-01' } }],
    });
    const [letter] = await eventually(() => (dlq.length ? dlq : undefined), 30000, 'the dead letter');
    expect(letter.value?.equals(poison)).toBe(true);

    // list: counted under its reason
    const listed = capture();
    expect(await runDlqCli(['list', '--topic', 'pos.charges.v1', '--since', started], config, listed)).toBe(0);
    expect(listed.text()).toMatch(/^pos\.charges\.v1\.dlq: [1-9]\d*/m);
    expect(listed.text()).toMatch(/^ {2}NOT_JSON_OBJECT: [1-9]\d*$/m);

    // inspect: where it is, where it came from, nothing personal in clear
    const only = ['--topic', 'pos.charges.v1.dlq', '--partition', String(letter.partition), '--offsets', letter.offset];
    const inspected = capture();
    expect(await runDlqCli(['inspect', ...only], config, inspected)).toBe(0);
    const text = inspected.text();
    expect(text).toContain(`pos.charges.v1.dlq ${letter.partition}@${letter.offset}`);
    expect(text).toContain('reason NOT_JSON_OBJECT');
    expect(text).toContain(
      `original pos.charges.v1 ${letter.headers['x-original-partition']}@${letter.headers['x-original-offset']}`,
    );
    expect(text).toContain('headers  traceparent');
    expect(text).not.toContain(patient);

    // replay: a dry run and an unconfirmed run send nothing
    const inbound: Seen[] = [];
    await kafka.tail('pos.charges.v1', (m) => (m.key === patient ? m : null), inbound);
    const dry = capture();
    expect(await runDlqCli(['replay', ...only, '--dry-run'], config, dry)).toBe(0);
    expect(dry.text()).toContain(
      `would replay pos.charges.v1.dlq ${letter.partition}@${letter.offset} -> pos.charges.v1`,
    );
    expect(dry.text()).toContain('dry run: 1 message(s) would be replayed; nothing sent');
    const unconfirmed = capture();
    expect(await runDlqCli(['replay', ...only], config, unconfirmed)).toBe(2);
    expect(unconfirmed.text()).toContain('add --yes');
    await sleep(2000);
    expect(inbound).toEqual([]);

    // with --yes: the original key, bytes and headers, without the DLQ's
    const sent = capture();
    expect(await runDlqCli(['replay', ...only, '--yes'], config, sent)).toBe(0);
    expect(sent.text()).toContain('replayed 1 message(s)');
    const [replayed] = await eventually(() => (inbound.length ? inbound : undefined), 20000, 'the replayed message');
    expect(replayed.value?.equals(poison)).toBe(true);
    expect(replayed.headers).toEqual({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-01' });
    expect(String(replayed.partition)).toBe(letter.headers['x-original-partition']);
    await sleep(1000);
    expect(inbound).toHaveLength(1);
    // still poison: the service dead-letters it again, the same bytes
    const again = await eventually(() => (dlq.length >= 2 ? dlq[1] : undefined), 30000, 'the second dead letter');
    expect(again.value?.equals(poison)).toBe(true);
    await producer.disconnect();
  });

  it('outbox: status, and a published row is published again only with --yes', async () => {
    const config = sut.app.config;
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 5000n });
    const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 321 }] });
    await kafka.produce('pos.charges.v1', patient, charge);
    const first = await eventually(() => sut.events.find((e) => e.subject === charge.chargeId));
    const rowId = await eventually(
      async () => {
        const { rows } = await db.pool.query<{ id: string }>(
          `SELECT id FROM outbox WHERE event_id = $1 AND sent_at IS NOT NULL`,
          [first.id],
        );
        return rows[0]?.id;
      },
      20000,
      'the row marked sent',
    );
    const published = () => sut.events.filter((e) => e.id === first.id);

    const status = capture();
    expect(await runOutboxCli(['status'], config, status)).toBe(0);
    expect(status.text()).toMatch(/^unsent: \d+$/m);
    expect(status.text()).toMatch(/^sent \(kept 7 days for re-publishing\): [1-9]\d*$/m);
    expect(status.text()).toMatch(/^oldest unsent: /m);

    const dry = capture();
    expect(await runOutboxCli(['republish', '--ids', rowId, '--dry-run'], config, dry)).toBe(0);
    expect(dry.text()).toContain(`would republish ${rowId} settlement.events.v1 charge.settled`);
    expect(dry.text()).not.toContain(patient);
    expect(await runOutboxCli(['republish', '--ids', rowId], config, capture())).toBe(2);
    await sleep(1500);
    expect(published()).toHaveLength(1);

    const done = capture();
    expect(await runOutboxCli(['republish', '--ids', rowId, '--yes'], config, done)).toBe(0);
    expect(done.text()).toContain('1 row(s) marked unsent');
    const twice = await eventually(() => (published().length >= 2 ? published() : undefined), 20000, 'the re-publish');
    // the same event, the same key and headers: a duplicate consumers recognise by id
    expect(twice[1].raw).toEqual(twice[0].raw);
    expect(twice[1].key).toBe(twice[0].key);
    expect(twice[1].headers).toEqual(twice[0].headers);
  });
});
