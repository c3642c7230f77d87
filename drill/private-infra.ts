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

  add(kind: 'kafka' | 'service' | 'simulator', pid: number | undefined): void {
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
  inbound: ['pos.charges.v1', 'pos.reversals.v1', 'mutualaid.authorization-decisions.v1'],
  outbound: 'settlement.events.v1',
} as const;
export const DLQ_TOPICS = DRILL_TOPICS.inbound.map((t) => `${t}.dlq`);
export const PARTITIONS = 12;

export class PrivateKafka {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  readonly brokers: string[];
  readonly logFile: string;

  constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly pids: PidRegistry,
  ) {
    this.brokers = [`127.0.0.1:${port}`];
    this.logFile = join(dir, 'kafka.log');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the JVM (same data dir each time) and waits for its "Kafka Server started" line. */
  async start(timeoutMs = 120_000): Promise<void> {
    const offset = existsSync(this.logFile) ? statSync(this.logFile).size : 0;
    const child = spawn('bash', [join(this.dir, 'start.sh')], { detached: true, stdio: 'ignore' });
    this.child = child;
    this.pids.add('kafka', child.pid);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        this.pids.remove('kafka', child.pid);
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

  admin(): Kafka {
    return new Kafka({
      clientId: 'gongji-drill-admin',
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      retry: { retries: 8, initialRetryTime: 250, maxRetryTime: 2000 },
    });
  }

  /** The contract's topics, 12 partitions each. */
  async createTopics(): Promise<void> {
    const admin = this.admin().admin();
    await admin.connect();
    try {
      const topics = [...DRILL_TOPICS.inbound, DRILL_TOPICS.outbound, ...DLQ_TOPICS];
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * min.insync.replicas on the DLQ topics: 2 on this one-replica broker makes every acks=-1 write
   * to them fail with NOT_ENOUGH_REPLICAS; 1 is the broker's default again.
   */
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

  /** Messages on each DLQ topic (sum of its partitions' high watermarks; the broker starts empty). */
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
  readonly url: string;
  private readonly adminUrl: string;

  constructor(
    private readonly bin: string,
    private readonly dataDir: string,
    readonly port: number,
    private readonly logFile: string,
  ) {
    this.url = `postgres://postgres@127.0.0.1:${port}/${DRILL_DATABASE}`;
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
      await c.query(`CREATE DATABASE ${DRILL_DATABASE} OWNER postgres`);
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
