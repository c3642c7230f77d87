/**
 * The settlement service instances of a drill: separate processes from dist/ (as `npm start`
 * runs it), in one consumer group, one HTTP port each. Like a process manager, the fleet starts an
 * instance again when it exits without the drill having stopped it (recorded: an unexpected exit
 * is a finding). Each slot's operations run one at a time, so faults of the all-together round
 * that touch the same instance take turns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { probeReadiness } from '../apps/pos-simulator/src/wait-for-health';
import { SERVICE_MAIN, SERVICE_NODE_FLAGS } from '../bench/service-process';
import type { PidRegistry } from './private-infra';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FleetEvent {
  readonly at: number;
  readonly slot: number;
  readonly what: string;
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  readonly startedAt: number;
  /** Set when the drill itself stops or kills it. */
  expected: boolean;
}

export interface FleetOptions {
  readonly repo: string;
  readonly instances: number;
  readonly basePort: number;
  readonly env: Record<string, string>;
  readonly logDir: string;
  readonly pids: PidRegistry;
  readonly log: (line: string) => void;
}

export class ServiceFleet {
  private readonly running: (Running | null)[];
  private readonly locks: Promise<void>[];
  readonly events: FleetEvent[] = [];
  /** Exits the drill did not cause, with when they happened. */
  readonly unexpectedExits: FleetEvent[] = [];
  private closing = false;

  constructor(private readonly o: FleetOptions) {
    this.running = new Array<Running | null>(o.instances).fill(null);
    this.locks = new Array<Promise<void>>(o.instances).fill(Promise.resolve());
  }

  get size(): number {
    return this.o.instances;
  }

  baseUrl(slot: number): string {
    return `http://127.0.0.1:${this.o.basePort + slot}`;
  }

  logFile(slot: number): string {
    return join(this.o.logDir, `service-${slot}.log`);
  }

  /** Runs `work` on `slot` after whatever else is being done to it. */
  withSlot<T>(slot: number, work: () => Promise<T>): Promise<T> {
    const result = this.locks[slot].then(work);
    this.locks[slot] = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private record(slot: number, what: string): void {
    const e = { at: Date.now(), slot, what };
    this.events.push(e);
    this.o.log(`instance ${slot}: ${what}`);
  }

  /** Spawns the instance of `slot` (not waiting for readiness). */
  spawn(slot: number): number {
    if (this.closing) throw new Error('the drill is stopping its services');
    const logFile = this.logFile(slot);
    appendFileSync(logFile, `\n--- drill: starting instance ${slot} at ${new Date().toISOString()}\n`);
    const fd = openSync(logFile, 'a');
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, join(this.o.repo, SERVICE_MAIN)], {
      cwd: this.o.repo,
      env: {
        PATH: process.env.PATH ?? '',
        ...this.o.env,
        HTTP_PORT: String(this.o.basePort + slot),
        KAFKA_CLIENT_ID: `gongji-drill-${slot}`,
      },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    closeSync(fd);
    this.o.pids.add('service', child.pid);
    const r: Running = {
      child,
      startedAt: Date.now(),
      expected: false,
      exited: new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          this.o.pids.remove('service', child.pid);
          resolve({ code, signal });
        }),
      ),
    };
    this.running[slot] = r;
    void r.exited.then(({ code, signal }) => {
      if (r.expected || this.closing) return;
      const e = { at: Date.now(), slot, what: `exited unexpectedly (${signal ?? `status ${code}`})` };
      this.unexpectedExits.push(e);
      this.events.push(e);
      this.o.log(`instance ${slot}: ${e.what}; starting it again in 1 s, as a process manager would`);
      if (this.running[slot] === r) this.running[slot] = null;
      void this.withSlot(slot, async () => {
        await sleep(1000);
        if (!this.closing && this.running[slot] === null) this.spawn(slot);
      });
    });
    this.record(slot, `started (pid ${child.pid})`);
    return r.startedAt;
  }

  /** Waits until `slot` answers ready; false after `timeoutMs`. */
  async waitReady(slot: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await probeReadiness(this.baseUrl(slot), 2000)) === 'ready') return true;
      await sleep(250);
    }
    return false;
  }

  /** Starts `slot` and waits for readiness; throws when it does not become ready. */
  async startReady(slot: number, timeoutMs = 90_000): Promise<void> {
    await this.withSlot(slot, async () => {
      this.spawn(slot);
    });
    if (!(await this.waitReady(slot, timeoutMs))) {
      throw new Error(
        `instance ${slot} did not become ready within ${timeoutMs / 1000} s (log: ${this.logFile(slot)})`,
      );
    }
    this.record(slot, 'ready');
  }

  /** kill -9: no shutdown hooks, no flush, as a power cut or the OOM killer. */
  async kill9(slot: number): Promise<number> {
    const r = this.running[slot];
    if (!r) return Date.now();
    r.expected = true;
    const at = Date.now();
    r.child.kill('SIGKILL');
    await r.exited;
    this.running[slot] = null;
    this.record(slot, 'killed (SIGKILL)');
    return at;
  }

  /** SIGTERM and wait for the exit; SIGKILL after `graceMs` (recorded). */
  async terminate(slot: number, graceMs = 30_000): Promise<{ exitedAt: number; forced: boolean; status: string }> {
    const r = this.running[slot];
    if (!r) return { exitedAt: Date.now(), forced: false, status: 'not running' };
    r.expected = true;
    r.child.kill('SIGTERM');
    const timeout = sleep(graceMs).then(() => null);
    let result = await Promise.race([r.exited, timeout]);
    let forced = false;
    if (result === null) {
      forced = true;
      r.child.kill('SIGKILL');
      result = await r.exited;
    }
    this.running[slot] = null;
    const status = result.signal ?? `status ${result.code}`;
    this.record(slot, forced ? `did not stop within ${graceMs / 1000} s of SIGTERM: SIGKILL` : `stopped (${status})`);
    return { exitedAt: Date.now(), forced, status };
  }

  /** Stops every instance (SIGTERM, SIGKILL after 30 s). */
  async stopAll(): Promise<void> {
    this.closing = true;
    await Promise.all(this.running.map((r, slot) => (r ? this.terminate(slot) : Promise.resolve())));
  }
}
