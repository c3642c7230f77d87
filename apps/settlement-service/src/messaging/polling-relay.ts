import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Database, DedicatedSession } from '../store/database';
import type { SqlRunner } from '../store/sql-runner';

/** Whether a relay publishes, stands by (another instance holds its lock), or is failing. */
export interface RelayState {
  /** This instance holds the relay's lock and publishes. */
  active: boolean;
  /** Since when its attempts fail (ms since the epoch), or null. */
  failingSince: number | null;
  lastError: string | null;
}

/**
 * The loop a table-to-Kafka relay runs: one instance at a time holds the relay's advisory lock on
 * a session of its own and publishes; the others stand by and take over when that session ends.
 * A failed round (database or broker away, a topic that takes nothing) is retried with backoff
 * from the table, where nothing was marked sent, so a failure never loses a row and never wedges
 * the relay: the next round starts from the oldest unsent row again.
 */
export abstract class PollingRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly log = new Logger(this.constructor.name);
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private readonly state: RelayState = { active: false, failingSince: null, lastError: null };

  protected constructor(
    protected readonly db: Database,
    private readonly lockKey: number,
    private readonly idlePollMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Before the database pool closes: finish the round in hand, then stop. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
  }

  /** Makes the relay look at the table now rather than at its next poll. */
  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  relayState(): Readonly<RelayState> {
    return this.state;
  }

  /** One round of publishing; true when it took a full batch (come back at once). */
  protected abstract relayOnce(sql: SqlRunner): Promise<boolean>;

  /** After a failed round: forget what was held in memory for this session. */
  protected abstract afterFailure(): void;

  /** At a stop, on the session still held: e.g. write marks gathered in memory. */
  protected abstract beforeStop(sql: SqlRunner): Promise<void>;

  protected get isRunning(): boolean {
    return this.running;
  }

  private async loop(): Promise<void> {
    let session: DedicatedSession | null = null;
    let failures = 0;
    while (this.running) {
      try {
        session ??= await this.db.dedicatedSession();
        const [{ locked }] = await session.sql.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [
          this.lockKey,
        ]);
        this.state.active = locked;
        if (!locked) {
          // Another instance relays; stand by (our own wake-ups are not for us to act on).
          this.pendingWake = false;
          this.succeeded();
          await this.sleep(1000);
          continue;
        }
        while (this.running) {
          this.pendingWake = false;
          const full = await this.relayOnce(session.sql);
          failures = 0;
          this.succeeded();
          if (!full) await this.sleep(this.idlePollMs);
        }
      } catch (err) {
        failures++;
        this.state.active = false;
        this.state.failingSince ??= Date.now();
        this.state.lastError = (err as Error).message;
        this.afterFailure();
        this.log.warn(`relay failed (attempt ${failures}): ${(err as Error).message}`);
        // A new session and the lock again. The old session is closed, not put back in the pool:
        // alive, it would keep holding the lock while serving others, and no relay would run.
        if (session) {
          await session.end(true);
          session = null;
        }
        await this.sleep(Math.min(2000, 100 * 2 ** Math.min(failures, 5)));
      }
    }
    if (session) {
      await this.beforeStop(session.sql).catch((err: Error) => this.log.warn(`relay stop: ${err.message}`));
      await session.sql.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      await session.end();
    }
  }

  private succeeded(): void {
    this.state.failingSince = null;
    this.state.lastError = null;
  }

  private sleep(ms: number): Promise<void> {
    if (this.pendingWake || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
