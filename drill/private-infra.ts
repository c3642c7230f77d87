/**
 * The drill's private Kafka broker and PostgreSQL cluster, prepared by scripts/drill.sh (broker
 * storage formatted with a start script, cluster initdb'd) and started, stopped and broken here.
 * Neither is the machine's shared one: other ports, other data directories.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process the drill started, in `<infra>/pids` ("kind pid" lines), for scripts/drill.sh to stop leftovers. */
export class PidRegistry {
  private readonly pids = new Map<string, { kind: string; pid: number }>();

  constructor(private readonly file: string) {}

  add(kind: 'kafka' | 'kafka2' | 'service' | 'simulator', pid: number | undefined): void {
    if (pid === undefined) return;
    this.pids.set(`${kind}:${pid}`, { kind, pid });
    this.write();
  }

  remove(kind: string, pid: number | undefined): void {
    if (pid === undefined) return;
    this.pids.delete(`${kind}:${pid}`);
    this.write();
  }

  private write(): void {
    writeFileSync(this.file, [...this.pids.values()].map((p) => `${p.kind} ${p.pid}\n`).join(''));
  }
}

export const DRILL_TOPICS = {
  inbound: [
    'pos.charges.v1',
    'pos.reversals.v1',
    'mutualaid.authorization-decisions.v1',
    'mutualaid.contribution-requests.v1',
  ],
  outbound: 'settlement.events.v1',
} as const;
export const DLQ_TOPICS = DRILL_TOPICS.inbound.map((t) => `${t}.dlq`);
export const PARTITIONS = 12;

/** One JVM of the private cluster, started with its start.sh (prepared by scripts/drill.sh). */
class KafkaNode {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  readonly logFile: string;

  constructor(
    private readonly dir: string,
    private readonly kind: 'kafka' | 'kafka2',
    private readonly pids: PidRegistry,
  ) {
    this.logFile = join(dir, 'kafka.log');
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the JVM (same data dir each time) and waits for its "Kafka Server started" line. */
  async start(timeoutMs = 120_000): Promise<void> {
    const offset = existsSync(this.logFile) ? statSync(this.logFile).size : 0;
    const child = spawn('bash', [join(this.dir, 'start.sh')], { detached: true, stdio: 'ignore' });
    this.child = child;
    this.pids.add(this.kind, child.pid);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        this.pids.remove(this.kind, child.pid);
        resolve();
      }),
    );
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`the private broker exited during start-up; see ${this.logFile}`);
      if (existsSync(this.logFile) && readFileSync(this.logFile).subarray(offset).includes('Kafka Server started'))
        return;
      await sleep(250);
    }
    throw new Error(`the private broker did not start within ${timeoutMs / 1000} s; see ${this.logFile}`);
  }

  /** SIGTERM (controlled shutdown), SIGKILL after 30 s; resolves once the JVM is gone. */
  async stop(): Promise<{ forced: boolean }> {
    const child = this.child;
    if (!child || !this.running) return { forced: false };
    child.kill('SIGTERM');
    const gone = await Promise.race([this.exited.then(() => true), sleep(30_000).then(() => false)]);
    if (!gone) {
      child.kill('SIGKILL');
      await this.exited;
    }
    return { forced: !gone };
  }
}

/**
 * The private cluster: node 1 (broker and controller) holds every topic; node 2 (broker only)
 * holds nothing but the second replica of the *.dlq topics, so that stopping it and asking for
 * min.insync.replicas=2 makes acks=-1 writes to them fail (with one replica, Kafka 3.9 caps the
 * setting at the replica count and the writes go through).
 */
export class PrivateKafka {
  private readonly main: KafkaNode;
  private readonly replica: KafkaNode;
  readonly brokers: string[];
  readonly logFile: string;

  constructor(
    infraDir: string,
    readonly port: number,
    pids: PidRegistry,
  ) {
    this.main = new KafkaNode(join(infraDir, 'kafka'), 'kafka', pids);
    this.replica = new KafkaNode(join(infraDir, 'kafka2'), 'kafka2', pids);
    this.brokers = [`127.0.0.1:${port}`];
    this.logFile = this.main.logFile;
  }

  /** Node 1: what the "broker" fault stops and starts. */
  start(): Promise<void> {
    return this.main.start();
  }

  stop(): Promise<{ forced: boolean }> {
    return this.main.stop();
  }

  /** Node 2, the DLQ topics' second replica. */
  startReplica(): Promise<void> {
    return this.replica.start();
  }

  stopReplica(): Promise<{ forced: boolean }> {
    return this.replica.stop();
  }

  async stopAll(): Promise<void> {
    await this.replica.stop();
    await this.main.stop();
  }

  admin(): Kafka {
    return new Kafka({
      clientId: 'gongji-drill-admin',
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      retry: { retries: 8, initialRetryTime: 250, maxRetryTime: 2000 },
    });
  }

  /**
   * Starts both nodes and creates the contract's topics, 12 partitions each: the inbound and
   * outbound ones and the consumer offsets on node 1 only (created before node 2 joins, so no
   * group coordinator lives there), the *.dlq topics on both (leader node 1).
   */
  async setUp(): Promise<void> {
    await this.main.start();
    const kafka = this.admin();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const on = (replicas: number[]) =>
        Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, replicas }));
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          ...DRILL_TOPICS.inbound.map((topic) => ({ topic, replicaAssignment: on([1]) })),
          // The broker stamps each outcome when it appends it: the timeline then measures when the
          // service answered, not when the simulator's own consumer (itself rejoining) read it.
          {
            topic: DRILL_TOPICS.outbound,
            replicaAssignment: on([1]),
            configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }],
          },
        ],
      });
      // A group lookup makes the broker create __consumer_offsets, while node 1 is the only broker.
      await admin.describeGroups(['gongji-drill-bootstrap']);
      await this.replica.start();
      for (let i = 0; (await admin.describeCluster()).brokers.length < 2; i++) {
        if (i > 120) throw new Error('the second broker node did not join the cluster within 60 s');
        await sleep(500);
      }
      await admin.createTopics({
        waitForLeaders: true,
        topics: DLQ_TOPICS.map((topic) => ({
          topic,
          replicaAssignment: on([1, 2]),
          configEntries: [{ name: 'min.insync.replicas', value: '1' }],
        })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** min.insync.replicas on the DLQ topics (2 refuses acks=-1 writes while node 2 is away). */
  async setDlqMinInsyncReplicas(value: 1 | 2): Promise<void> {
    const admin = this.admin().admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: DLQ_TOPICS.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configEntries: [{ name: 'min.insync.replicas', value: String(value) }],
        })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Tries one acks=-1 write to pos.charges.v1.dlq, no retries: "refused: <why>" when the DLQ is
   * unwritable, "accepted" when it is not (the probe then lies on the DLQ with an x-drill-probe
   * header, which the simulator's DLQ check ignores).
   */
  async probeDlqWrite(): Promise<string> {
    const producer = new Kafka({
      clientId: 'gongji-drill-probe',
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      await producer.send({
        topic: DLQ_TOPICS[0],
        acks: -1,
        timeout: 5000,
        messages: [{ key: 'drill-probe', value: 'drill probe', headers: { 'x-drill-probe': '1' } }],
      });
      return 'accepted';
    } catch (err) {
      return `refused: ${(err as Error).message}`;
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  }

  /** Messages on each DLQ topic (sum of its partitions' high watermarks; the cluster starts empty). */
  async dlqCounts(): Promise<Record<string, number>> {
    const admin = this.admin().admin();
    await admin.connect();
    try {
      const out: Record<string, number> = {};
      for (const t of DLQ_TOPICS) {
        const offsets = await admin.fetchTopicOffsets(t);
        out[t] = offsets.reduce((s, p) => s + Number(p.high) - Number(p.low), 0);
      }
      return out;
    } finally {
      await admin.disconnect();
    }
  }
}

export const DRILL_DATABASE = 'gongji_drill';

export class PrivatePostgres {
  /** The service's role (no ownership), as on the shared cluster (scripts/infra/postgres-up.sh). */
  readonly url: string;
  /** The schema owner's, for migrations. */
  readonly migrationUrl: string;
  private readonly adminUrl: string;

  constructor(
    private readonly bin: string,
    private readonly dataDir: string,
    readonly port: number,
    private readonly logFile: string,
  ) {
    this.url = `postgres://gongji_service@127.0.0.1:${port}/${DRILL_DATABASE}`;
    this.migrationUrl = `postgres://gongji_owner@127.0.0.1:${port}/${DRILL_DATABASE}`;
    this.adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  private pgCtl(args: string[]): Promise<unknown> {
    return run(
      'runuser',
      [
        '-u',
        'postgres',
        '--',
        join(this.bin, 'pg_ctl'),
        '-D',
        this.dataDir,
        '-o',
        `-p ${this.port} -k /tmp -c listen_addresses=127.0.0.1`,
        '-l',
        this.logFile,
        '-w',
        '-t',
        '60',
        ...args,
      ],
      { timeout: 90_000 },
    );
  }

  start(): Promise<unknown> {
    return this.pgCtl(['start']);
  }

  /** `pg_ctl restart -m fast`: every session is terminated, the server comes back. */
  restart(): Promise<unknown> {
    return this.pgCtl(['restart', '-m', 'fast']);
  }

  stop(): Promise<unknown> {
    return this.pgCtl(['stop', '-m', 'fast']);
  }

  async createDatabase(): Promise<void> {
    await this.admin(async (c) => {
      for (const role of ['gongji_owner', 'gongji_service']) {
        const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
        if (exists.rowCount === 0) await c.query(`CREATE ROLE ${role} LOGIN`);
      }
      await c.query(`CREATE DATABASE ${DRILL_DATABASE} OWNER gongji_owner`);
    });
  }

  /**
   * As after a fail-over to a replica: every new transaction read-only (existing sessions pick it
   * up at the reload), or back to writable.
   */
  async setReadOnly(on: boolean): Promise<void> {
    await this.admin(async (c) => {
      await c.query('SET default_transaction_read_only = off');
      await c.query(
        on ? 'ALTER SYSTEM SET default_transaction_read_only = on' : 'ALTER SYSTEM RESET default_transaction_read_only',
      );
      await c.query('SELECT pg_reload_conf()');
    });
  }

  private async admin(work: (c: Client) => Promise<void>): Promise<void> {
    // Tried for a while: the server may be restarting under a fault of the all-together round.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const c = new Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 3000 });
      c.on('error', () => undefined);
      try {
        await c.connect();
        await work(c);
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(500);
      } finally {
        await c.end().catch(() => undefined);
      }
    }
  }
}
