import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  TEST_OWNER_DATABASE_URL,
  TEST_SERVICE_DATABASE_URL,
  TEST_JWT_AUDIENCE,
  TEST_JWT_ISSUER,
  TEST_JWT_SECRET,
  TEST_KAFKA_BROKERS,
} from './test-config';

const MAIN = join(__dirname, '../../dist/apps/settlement-service/apps/settlement-service/src/main.js');

/** The built service as a separate OS process, so a test can SIGKILL it mid-stream. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  readonly logFile: string;

  constructor(
    private readonly port: number,
    private readonly env: Record<string, string> = {},
    name = 'service',
  ) {
    this.logFile = join(__dirname, `../../.infra/${name}-${port}.log`);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    const out = openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: TEST_SERVICE_DATABASE_URL,
        DATABASE_MIGRATION_URL: TEST_OWNER_DATABASE_URL,
        KAFKA_BROKERS: TEST_KAFKA_BROKERS,
        HTTP_PORT: String(this.port),
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        AUTH_JWT_ISSUER: TEST_JWT_ISSUER,
        AUTH_JWT_AUDIENCE: TEST_JWT_AUDIENCE,
        KAFKA_GROUP_ID: 'gongji-settlement-test',
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', out, out],
    });
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`service exited with ${this.child.exitCode}:\n${this.logTail()}`);
      const ok = await fetch(`${this.baseUrl}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`service did not become healthy:\n${this.logTail()}`);
  }

  /** No shutdown hooks, no flush: what a power cut or the OOM killer does. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(sig);
    });
  }

  logTail(lines = 60): string {
    return existsSync(this.logFile)
      ? readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n')
      : '(no log)';
  }
}
