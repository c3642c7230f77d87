import { spawn, type ChildProcess } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { leaveGroupAs } from '../../apps/settlement-service/src/messaging/orphaned-member';
import { TEST_KAFKA_BROKERS } from '../support/test-config';
import { uid } from '../support/unique-ids';

/**
 * A consumer process killed while in its group (as kafkajs's crash leaves one behind during a
 * broker outage) stays a member until its session expires; `leaveGroupAs` makes the coordinator
 * drop it at once, so the next consumer gets its partitions without waiting for that session.
 */
describe('leaving a group on behalf of a dead consumer (real broker)', () => {
  const brokers = TEST_KAFKA_BROKERS.split(',');
  const kafka = new Kafka({ clientId: 'gongji-tests', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const topic = uid('orphan-topic');
  const groupId = uid('orphan-group');
  let orphanProcess: ChildProcess | null = null;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  });

  afterAll(async () => {
    orphanProcess?.kill('SIGKILL');
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  /** A consumer in a process of its own, with a session of 5 minutes; resolves with its member id. */
  function joinInAnotherProcess(): Promise<string> {
    const script = `
      const { Kafka, logLevel } = require('kafkajs');
      const kafka = new Kafka({ clientId: 'gongji-orphan', brokers: ${JSON.stringify(brokers)}, logLevel: logLevel.NOTHING });
      const consumer = kafka.consumer({ groupId: ${JSON.stringify(groupId)}, sessionTimeout: 300000, rebalanceTimeout: 300000 });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => console.log('MEMBER ' + payload.memberId));
      (async () => {
        await consumer.connect();
        await consumer.subscribe({ topics: [${JSON.stringify(topic)}] });
        await consumer.run({ eachMessage: async () => undefined });
      })();`;
    const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    orphanProcess = child;
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /MEMBER (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`the orphan's process exited (${code}) before joining`)));
    });
  }

  async function groupState(): Promise<string> {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0].state;
  }

  async function until(condition: () => Promise<boolean>): Promise<void> {
    while (!(await condition())) await new Promise((r) => setTimeout(r, 100));
  }

  async function members(): Promise<string[]> {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0].members.map((m) => m.memberId);
  }

  it('drops the dead member at once, and the next consumer gets every partition', async () => {
    const orphan = await joinInAnotherProcess();
    orphanProcess!.kill('SIGKILL'); // no LeaveGroup: it stays a member for its 5-minute session
    await new Promise((r) => orphanProcess!.once('exit', r));
    expect(await members()).toEqual([orphan]);

    const next = kafka.consumer({ groupId, sessionTimeout: 10_000 });
    const joined = new Promise<number>((resolve) =>
      next.on(next.events.GROUP_JOIN, ({ payload }) => resolve(Object.values(payload.memberAssignment).flat().length)),
    );
    await next.connect();
    await next.subscribe({ topics: [topic] });
    // run() returns once its member has joined, which now waits for the dead member to rejoin:
    // for minutes, unless the coordinator drops it.
    const running = next.run({ eachMessage: async () => undefined });
    try {
      await until(async () => (await groupState()) === 'PreparingRebalance');
      expect(await leaveGroupAs(kafka, groupId, orphan)).toBe('left');
      await running;
      expect(await joined).toBe(2);
      expect(await members()).not.toContain(orphan);
      // Asked again (a second crash handler, a retry after a lost answer): nothing left to do.
      expect(await leaveGroupAs(kafka, groupId, orphan)).toBe('already-gone');
    } finally {
      await next.disconnect();
    }
  }, 120_000);
});
