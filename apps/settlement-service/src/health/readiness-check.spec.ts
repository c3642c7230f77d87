import { parseConfig } from '../config/app-config';
import type { InboundConsumer } from '../messaging/inbound-consumer.service';
import type { DeadLetterRelay } from '../messaging/dead-letter-relay.service';
import type { OutboxRelay } from '../messaging/outbox-relay.service';
import type { DatabaseProbe } from '../store/database-probe';
import { ReadinessCheck } from './readiness-check';

/**
 * `/health` is open: each call must not cost the broker an admin request and the database a
 * probe write and an outbox count. Counted on stand-ins for the dependencies.
 */
describe('ReadinessCheck', () => {
  const work = { probeWrites: 0, outboxCounts: 0, adminConnects: 0, describeCluster: 0 };
  let check: ReadinessCheck;

  beforeEach(() => {
    Object.assign(work, { probeWrites: 0, outboxCounts: 0, adminConnects: 0, describeCluster: 0 });
    const database = {
      writable: async () => {
        work.probeWrites++;
        return { ok: true } as const;
      },
    } as unknown as DatabaseProbe;
    const outbox = {
      refreshBacklog: async () => {
        work.outboxCounts++;
        return 0;
      },
      isBacklogHealthy: () => true,
    } as unknown as OutboxRelay;
    const deadLetters = { relayState: () => ({ failingSince: null }), backlog: () => 0 } as unknown as DeadLetterRelay;
    const consumer = {
      groupView: () => ({ status: 'member', partitions: 4, sinceMs: null }),
      laneHeldSinceMs: () => null,
    } as unknown as InboundConsumer;
    const config = parseConfig({
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      KAFKA_BROKERS: '127.0.0.1:1',
      AUTH_JWT_SECRET: 'a-secret-long-enough-for-hs256-0123456789',
    });
    check = new ReadinessCheck(database, outbox, deadLetters, consumer, config);
    const probeClient = (check as unknown as { probeClient: { admin: () => unknown } }).probeClient;
    jest.spyOn(probeClient, 'admin').mockReturnValue({
      connect: async () => {
        work.adminConnects++;
      },
      describeCluster: async () => {
        work.describeCluster++;
      },
      disconnect: async () => undefined,
    });
  });

  afterEach(() => jest.useRealTimers());

  it('does the work once for any number of calls within a second, and again after it', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-22T09:30:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const answers = await Promise.all(Array.from({ length: 20 }, () => check.report()));
    jest.setSystemTime(new Date('2026-11-22T09:30:00.999Z'));
    answers.push(await check.report());
    expect(answers.every((a) => a.status === 'up')).toBe(true);
    expect(work).toEqual({ probeWrites: 1, outboxCounts: 1, adminConnects: 1, describeCluster: 1 });

    jest.setSystemTime(new Date('2026-11-22T09:30:01Z'));
    await check.report();
    await check.report();
    // The admin connection is kept: a second round asks the broker again, without reconnecting.
    expect(work).toEqual({ probeWrites: 2, outboxCounts: 2, adminConnects: 1, describeCluster: 2 });
  });
});
