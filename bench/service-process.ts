/** The settlement service as a separate process from the built dist/, one per bench configuration. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { waitForHealth } from '../apps/pos-simulator/src/wait-for-health';

export const SERVICE_MAIN = 'dist/apps/settlement-service/apps/settlement-service/src/main.js';
/**
 * Node flags the service runs with, as in `npm start` and docker/Dockerfile: a larger young
 * generation, since a batch allocates about a megabyte of JSON text (measured: garbage collection
 * 12% of the service's CPU at saturation with the default, 5% with this).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=64'];

export interface ServiceOptions {
  readonly repo: string;
  readonly port: number;
  readonly env: Record<string, string>;
  readonly logFile: string;
  /** With a file, the process can be profiled (over an IPC channel; see cpu-profile-hook.cjs). */
  readonly profileFile?: string;
}

export class ServiceProcess {
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly logFd: number,
    readonly baseUrl: string,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : null))),
    );
  }

  static async start(o: ServiceOptions): Promise<ServiceProcess> {
    const main = join(o.repo, SERVICE_MAIN);
    if (!existsSync(main)) throw new Error(`${SERVICE_MAIN} is missing: run npm run build first`);
    const logFd = openSync(o.logFile, 'a');
    const profiling = o.profileFile ? ['-r', join(o.repo, 'bench/cpu-profile-hook.cjs')] : [];
    const args = [...SERVICE_NODE_FLAGS, ...profiling, main];
    const child = spawn(process.execPath, args, {
      cwd: o.repo,
      env: {
        PATH: process.env.PATH ?? '',
        ...o.env,
        HTTP_PORT: String(o.port),
        ...(o.profileFile ? { BENCH_PROFILE_FILE: o.profileFile } : {}),
      },
      stdio: o.profileFile ? ['ignore', logFd, logFd, 'ipc'] : ['ignore', logFd, logFd],
    });
    const svc = new ServiceProcess(child, logFd, `http://127.0.0.1:${o.port}`);
    const up = await Promise.race([waitForHealth(svc.baseUrl, 60_000), svc.exited.then(() => false)]);
    if (!up) {
      await svc.stop();
      throw new Error(`the service did not become healthy (log: ${o.logFile})`);
    }
    return svc;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts the CPU profiler (only when started with a profile file). */
  startProfiler(): Promise<void> {
    return this.ask('cpu-profile:start', 'cpu-profile:started');
  }

  /** Stops the CPU profiler; resolves once the profile file is written. */
  stopProfiler(): Promise<void> {
    return this.ask('cpu-profile:stop', 'cpu-profile:written');
  }

  private ask(message: string, answer: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${answer} from the service`)), 30_000);
      const onMessage = (m: unknown) => {
        if (m !== answer) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve();
      };
      this.child.on('message', onMessage);
      this.child.send(message);
    });
  }

  /** SIGTERM (the service drains and shuts down), SIGKILL after 30 s. Returns the exit status. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
      await this.exited;
      clearTimeout(timer);
    }
    try {
      closeSync(this.logFd);
    } catch {
      // already closed
    }
    return this.exited;
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGTERM: 15, SIGKILL: 9, SIGINT: 2 } as Record<string, number>)[signal] ?? 0;
}
