import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  ResourcePatternTypes,
  logLevel,
} from 'kafkajs';
import { chargeRequested } from '../support/charge-builder';
import { DbFixtures } from '../support/db-fixtures';
import { eventually } from '../support/kafka-test-client';
import { RunningApp, startApp } from '../support/start-app';
import { uid } from '../support/unique-ids';

/**
 * A broker as a payment service meets it in production: SASL/SCRAM-SHA-256 logins, the
 * StandardAuthorizer with nothing allowed unless an ACL says so. A PRIVATE broker (its own ports
 * and data under .infra/, from the jars scripts/infra/kafka-up.sh fetches), never the shared one.
 * The service settles a terminal's charge through it with exactly the ACLs SECURITY.md lists; a
 * principal without a write ACL on pos.charges.v1 is refused by the broker.
 */
const REPO = resolve(__dirname, '../..');
const LIBS = join(process.env.GONGJI_INFRA_DIR ?? join(REPO, '.infra'), 'kafka-libs');
const DIR = join(REPO, '.infra', `secured-kafka-${process.pid}`);
const PORT = Number(process.env.SECURED_KAFKA_PORT ?? 39092);
const CONTROLLER_PORT = PORT + 1;
const BROKER = `127.0.0.1:${PORT}`;
const GROUP = `gongji-secured-${Date.now().toString(36)}`;

const USERS = {
  admin: 'admin-secret-0123456789',
  'gongji-svc': 'service-secret-0123456789',
  terminal: 'terminal-secret-0123456789',
  intruder: 'intruder-secret-0123456789',
} as const;
type User = keyof typeof USERS;

const INBOUND = [
  'pos.charges.v1',
  'pos.reversals.v1',
  'mutualaid.authorization-decisions.v1',
  'mutualaid.contribution-requests.v1',
];
const OUT = 'settlement.events.v1';
const DLQ = INBOUND.map((t) => `${t}.dlq`);

function serverProperties(dataDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}`,
    `listeners=SASL_PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}`,
    `advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${PORT}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=SASL_PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
    'sasl.enabled.mechanisms=SCRAM-SHA-256',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-256',
    `listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${USERS.admin}";`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    // The controller listener (loopback only) is PLAINTEXT: the node talks to itself as ANONYMOUS there.
    'super.users=User:admin;User:ANONYMOUS',
    'allow.everyone.if.no.acl.found=false',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

const client = (user: User, clientId = `secured-test-${user}`): Kafka =>
  new Kafka({
    clientId,
    brokers: [BROKER],
    sasl: { mechanism: 'scram-sha-256', username: user, password: USERS[user] },
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 200 },
  });

const allow = (
  principal: User,
  resourceType: AclResourceTypes,
  resourceName: string,
  operation: AclOperationTypes,
  pattern: ResourcePatternTypes = ResourcePatternTypes.LITERAL,
) => ({
  resourceType,
  resourceName,
  resourcePatternType: pattern,
  principal: `User:${principal}`,
  host: '*',
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});

/** The ACLs of SECURITY.md ("Who may write which topic"), for the service and a terminal. */
function acls() {
  const T = AclResourceTypes.TOPIC;
  const O = AclOperationTypes;
  return [
    // the service: reads what comes in, writes its outcomes and dead letters, reads its own
    // outcomes (HTTP callers wait on them), writes charges/reversals it takes over HTTP, its groups
    ...INBOUND.map((t) => allow('gongji-svc', T, t, O.READ)),
    ...[OUT, ...DLQ, 'pos.charges.v1', 'pos.reversals.v1'].map((t) => allow('gongji-svc', T, t, O.WRITE)),
    allow('gongji-svc', T, OUT, O.READ),
    allow('gongji-svc', AclResourceTypes.GROUP, GROUP, O.READ, ResourcePatternTypes.PREFIXED),
    allow('gongji-svc', AclResourceTypes.CLUSTER, 'kafka-cluster', O.DESCRIBE),
    // a terminal: charges and reversals only
    allow('terminal', T, 'pos.charges.v1', O.WRITE),
    allow('terminal', T, 'pos.reversals.v1', O.WRITE),
    // the intruder: nothing
  ];
}

/** The broker's error code a send ended with (kafkajs wraps it as the cause of a non-retriable error). */
async function refusalOf(send: Promise<unknown>): Promise<string> {
  try {
    await send;
  } catch (err) {
    const e = err as { type?: string; cause?: { type?: string } };
    return e.type ?? e.cause?.type ?? String(err);
  }
  return 'accepted';
}

describe('a secured broker (SASL/SCRAM-SHA-256 and ACLs)', () => {
  let broker: ChildProcess | null = null;
  let app: RunningApp | null = null;
  const db = new DbFixtures();
  const opened: { disconnect: () => Promise<void> }[] = [];

  beforeAll(async () => {
    if (!existsSync(join(LIBS, '.kafka-version'))) {
      throw new Error(
        `no Kafka jars in ${LIBS}: run \`npm run infra:up\` (or KAFKA_UP_JARS_ONLY=1 bash scripts/infra/up.sh)`,
      );
    }
    for (const p of [PORT, CONTROLLER_PORT]) {
      if (!(await portFree(p))) throw new Error(`port ${p} is taken (SECURED_KAFKA_PORT chooses another)`);
    }
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    const props = join(DIR, 'server.properties');
    const log4j = join(DIR, 'log4j.properties');
    writeFileSync(props, serverProperties(join(DIR, 'data')));
    writeFileSync(
      log4j,
      `log4j.rootLogger=INFO, file\nlog4j.appender.file=org.apache.log4j.FileAppender\nlog4j.appender.file.File=${join(DIR, 'kafka.log')}\nlog4j.appender.file.layout=org.apache.log4j.PatternLayout\nlog4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n\n`,
    );
    const cp = `${LIBS}/*`;
    const jvm = [
      '-Xmx384m',
      '-Xms128m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      `-Dlog4j.configuration=file:${log4j}`,
    ];
    // SCRAM users are written into the metadata log when the storage is formatted (KIP-900).
    const scram = Object.entries(USERS).flatMap(([name, password]) => [
      '--add-scram',
      `SCRAM-SHA-256=[name=${name},password=${password}]`,
    ]);
    // 16 random bytes, base64url (what `StorageTool random-uuid` prints); a leading '-' would read as an option
    const clusterId = `A${randomBytes(16).toString('base64url').slice(1)}`;
    execFileSync(
      'java',
      [...jvm, '-cp', cp, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props, ...scram],
      {
        stdio: 'ignore',
        timeout: 60_000,
      },
    );
    broker = spawn('java', [...jvm, '-cp', cp, 'kafka.Kafka', props], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    const logFile = join(DIR, 'kafka.log');
    while (!(existsSync(logFile) && readFileSync(logFile, 'utf8').includes('Kafka Server started'))) {
      if (broker.exitCode !== null) throw new Error(`the private broker exited; see ${logFile}`);
      if (Date.now() > deadline) throw new Error(`the private broker did not start; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    const admin = client('admin').admin();
    opened.push(admin);
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [...INBOUND, OUT, ...DLQ].map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
    });
    await admin.createAcls({ acl: acls() });

    app = await startApp({
      KAFKA_BROKERS: BROKER,
      KAFKA_GROUP_ID: GROUP,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'gongji-svc',
      KAFKA_SASL_PASSWORD: USERS['gongji-svc'],
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    for (const c of opened) await c.disconnect().catch(() => undefined);
    await db.pool.end();
    if (broker && broker.exitCode === null) {
      const gone = new Promise((r) => broker?.once('exit', r));
      broker.kill('SIGTERM');
      const t = setTimeout(() => broker?.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(t);
    }
    rmSync(DIR, { recursive: true, force: true });
  }, 60_000);

  it("settles a charge a terminal produced, and publishes its outcome, through the broker's logins and ACLs", async () => {
    const merchant = await db.merchant();
    const patient = await db.person({ regionCode: '110105', balanceFen: 10_000n });
    const charge = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 1200 }] });

    const outcomes: { subject?: string; type?: string }[] = [];
    const reader = client('admin').consumer({ groupId: `secured-reader-${uid('g')}` });
    opened.push(reader);
    await reader.connect();
    await reader.subscribe({ topic: OUT, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        outcomes.push(JSON.parse(message.value?.toString() ?? '{}') as { subject?: string; type?: string });
      },
    });

    const terminal = client('terminal').producer({ idempotent: true, maxInFlightRequests: 1 });
    opened.push(terminal);
    await terminal.connect();
    await terminal.send({
      topic: 'pos.charges.v1',
      acks: -1,
      messages: [{ key: patient, value: JSON.stringify(charge) }],
    });

    const outcome = await eventually(
      () => outcomes.find((e) => e.subject === charge.chargeId),
      45_000,
      `outcome of ${charge.chargeId}`,
    );
    expect(outcome.type).toBe('charge.settled');
  });

  it('refuses a principal without a write ACL on pos.charges.v1 (TOPIC_AUTHORIZATION_FAILED)', async () => {
    const intruder = client('intruder').producer({ allowAutoTopicCreation: false });
    opened.push(intruder);
    await intruder.connect();
    expect(
      await refusalOf(intruder.send({ topic: 'pos.charges.v1', acks: -1, messages: [{ key: 'p', value: '{}' }] })),
    ).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('refuses a terminal on the topics it has no business writing (decisions, outcomes)', async () => {
    const terminal = client('terminal', 'secured-test-terminal-2').producer({ allowAutoTopicCreation: false });
    opened.push(terminal);
    await terminal.connect();
    for (const topic of ['mutualaid.authorization-decisions.v1', OUT]) {
      expect(await refusalOf(terminal.send({ topic, acks: -1, messages: [{ key: 'p', value: '{}' }] }))).toBe(
        'TOPIC_AUTHORIZATION_FAILED',
      );
    }
  });

  it('refuses a wrong password at login', async () => {
    const stranger = new Kafka({
      clientId: 'secured-test-stranger',
      brokers: [BROKER],
      sasl: { mechanism: 'scram-sha-256', username: 'terminal', password: 'not-the-password' },
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).producer();
    opened.push(stranger);
    await expect(stranger.connect()).rejects.toThrow(/SASL SCRAM SHA256 authentication failed|Authentication failed/i);
  });
});
