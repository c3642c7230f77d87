import { randomUUID } from 'node:crypto';
import { chargeRequested } from '../support/charge-builder';
import { eventually } from '../support/kafka-test-client';
import { serviceUnderTest } from '../support/service-under-test';
import { uid } from '../support/unique-ids';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The relay publishes what the settlement lane hands over straight from memory and polls the
 * outbox for everything else. Both paths run side by side here; no event may be published twice
 * or be left behind.
 */
describe('outbox relay: hand-over and poll side by side', () => {
  const sut = serviceUnderTest();
  const { db, kafka } = sut;

  /** A row another writer committed (like the HTTP API's): only the poll can publish it. */
  async function foreignEvent(): Promise<string> {
    const eventId = randomUUID();
    const subject = uid('CH-foreign');
    const payload = {
      specversion: '1.0',
      id: eventId,
      source: 'gongji/settlement-service',
      type: 'charge.rejected',
      subject,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: {
        chargeId: subject,
        patientId: null,
        merchantId: null,
        rejectedAt: new Date().toISOString(),
        reason: { code: 'INVALID_CHARGE', message: 'written by another writer in a relay test' },
      },
    };
    await db.pool.query(
      `INSERT INTO outbox (event_id, topic, message_key, event_type, payload)
       VALUES ($1, 'settlement.events.v1', $2, 'charge.rejected', $3)`,
      [eventId, subject, JSON.stringify(payload)],
    );
    return eventId;
  }

  it('publishes every committed event exactly once, handed over or polled', async () => {
    const merchant = await db.merchant();
    const patients = await Promise.all(
      Array.from({ length: 15 }, () => db.person({ regionCode: '110105', balanceFen: 100_000n })),
    );
    const chargeIds = new Set<string>();
    const foreign: string[] = [];
    // Rounds straddle the relay's 250 ms poll, so polls meet rows that are being handed over.
    for (let round = 0; round < 8; round++) {
      const charges = patients.map((p) =>
        chargeRequested({ merchantId: merchant, patientId: p, items: [{ amountFen: 7 }] }),
      );
      for (const c of charges) chargeIds.add(c.chargeId as string);
      await kafka.produceMany(
        'pos.charges.v1',
        charges.map((c) => ({ key: c.patientId as string, value: c })),
      );
      foreign.push(await foreignEvent());
      await sleep(90);
    }

    const ours = () => sut.events.filter((e) => chargeIds.has(e.subject) || foreign.includes(e.id));
    await eventually(() => new Set(ours().map((e) => e.id)).size === chargeIds.size + foreign.length, 60_000);
    await sleep(1500); // a second copy would have arrived by now

    const copies = new Map<string, number>();
    for (const e of ours()) copies.set(e.id, (copies.get(e.id) ?? 0) + 1);
    expect([...copies.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(
      ours()
        .filter((e) => chargeIds.has(e.subject))
        .map((e) => e.type),
    ).toEqual(Array.from({ length: chargeIds.size }, () => 'charge.settled'));
    // Marked sent, handed over and polled alike (marks are gathered, so not at once).
    const ids = [...copies.keys()];
    const unsent = async () =>
      (await db.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1) AND sent_at IS NULL`, [ids]))
        .rows[0].n as number;
    await eventually(async () => (await unsent()) === 0, 10_000);
    expect(ids.length).toBe(chargeIds.size + foreign.length);
  });

  it('drains a backlog larger than the broker takes in one request, and sets aside a row it refuses even alone', async () => {
    const run = uid('backlog');
    const pad = 'x'.repeat(1500);
    // One key: every row goes to one partition, ~4.5 MB there, past the broker's 1 MiB per batch.
    const rows = (from: number, to: number) =>
      db.pool.query(
        `INSERT INTO outbox (event_id, topic, message_key, event_type, payload)
         SELECT $1 || '-' || g, 'settlement.events.v1', $1, 'test.padding',
                json_build_object('id', $1 || '-' || g, 'type', 'test.padding', 'subject', $1 || '-' || g,
                                  'data', json_build_object('pad', $2::text))::text
           FROM generate_series($3::int, $4::int) g`,
        [run, pad, from, to],
      );
    const huge = `${run}-huge`;
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await rows(1, 1500);
      await client.query(
        `INSERT INTO outbox (event_id, topic, message_key, event_type, payload)
         VALUES ($1, 'settlement.events.v1', $2, 'test.padding', $3)`,
        [
          huge,
          run,
          JSON.stringify({ id: huge, type: 'test.padding', subject: huge, data: { pad: 'y'.repeat(1_200_000) } }),
        ],
      );
      await rows(1501, 3000);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const ours = () => sut.events.filter((e) => e.id.startsWith(`${run}-`));
    await eventually(() => new Set(ours().map((e) => e.id)).size >= 3000, 120_000, 'the whole backlog published');
    expect(ours().some((e) => e.id === huge)).toBe(false);
    const refused = await eventually(
      async () =>
        (await db.pool.query(`SELECT failed_at, failure FROM outbox WHERE event_id = $1`, [huge])).rows.find(
          (r: { failed_at: Date | null }) => r.failed_at !== null,
        ),
      20_000,
      'the huge row set aside',
    );
    expect(refused.failure).toMatch(/larger than the max message size/);
    // and the relay goes on with what comes after
    const after = await foreignEvent();
    await eventually(() => sut.events.some((e) => e.id === after), 20_000, 'a later event published');
  });
});
