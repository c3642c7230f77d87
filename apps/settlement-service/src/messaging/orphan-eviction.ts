import { LeaveOutcome, NoClusterFactory } from './orphaned-member';

export interface OrphanEvictionOptions {
  /** After this, the old session has long expired on any broker that came back: give up. */
  maxMs: number;
  /** Longest wait between two attempts. */
  maxBackoffMs: number;
}

export interface EvictionLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Drops, on their behalf, the group members crashed consumers left behind (orphaned-member.ts):
 * each is tried in the background until it left, is gone, the time is up, or `stop()`; a stop
 * ends the waits between attempts and waits for the attempt in hand (bounded by its timeout).
 */
export class OrphanEviction {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly wakers = new Set<() => void>();
  private stopped = false;

  constructor(
    private readonly leave: (memberId: string) => Promise<LeaveOutcome>,
    private readonly log: EvictionLog,
    private readonly options: OrphanEvictionOptions,
  ) {}

  evict(memberId: string): void {
    if (this.stopped) return;
    const run = this.run(memberId).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.wakers) wake();
    await Promise.all(this.inFlight);
  }

  private async run(memberId: string): Promise<void> {
    const until = Date.now() + this.options.maxMs;
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const outcome = await this.leave(memberId);
        this.log.log(
          outcome === 'left'
            ? `the crashed consumer's group member left the group (attempt ${attempt})`
            : `the crashed consumer's group member was already gone (attempt ${attempt})`,
        );
        return;
      } catch (err) {
        if (err instanceof NoClusterFactory) {
          this.log.error(`the crashed consumer's group member cannot be made to leave: ${err.message}`);
          return;
        }
        if (Date.now() >= until) {
          this.log.warn(`gave up making the crashed consumer's group member leave: ${(err as Error).message}`);
          return;
        }
        if (attempt === 1) {
          this.log.warn(`the crashed consumer's group member cannot leave yet, retrying: ${(err as Error).message}`);
        }
        await this.pause(Math.min(this.options.maxBackoffMs, 250 * attempt));
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}
