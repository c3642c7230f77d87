/**
 * What the service's PostgreSQL sessions are doing while a step runs, sampled from
 * pg_stat_activity every few milliseconds: running a query, waiting for a row lock another
 * batch holds, waiting for the WAL flush of a commit, or sitting in an open transaction while
 * the service (JavaScript, network) has the turn. Averages are sessions in that state.
 */
import type { Queryable } from '../apps/pos-simulator/src/invariants';

export interface ActivityShare {
  readonly what: string;
  /** Average number of sessions in this state over the samples. */
  readonly sessions: number;
}

export function classifyActivity(state: string | null, waitType: string | null, waitEvent: string | null): string {
  if (state === 'idle in transaction' || state === 'idle in transaction (aborted)') {
    return 'in a transaction, waiting for the service (its JS or the round trip)';
  }
  if (state !== 'active') return 'idle (no transaction)';
  if (waitType === null) return 'running a query (CPU)';
  if (waitType === 'Lock') return `waiting for a lock held by another transaction (${waitEvent})`;
  if (waitType === 'IO' && waitEvent === 'WALSync') return 'waiting for the WAL flush of a commit (IO WALSync)';
  if (waitType === 'LWLock' && (waitEvent === 'WALWrite' || waitEvent === 'WALInsert'))
    return `WAL (LWLock ${waitEvent})`;
  if (waitType === 'Client') return `sending to / reading from the service (${waitEvent})`;
  return `${waitType} ${waitEvent}`;
}

export class PgActivitySampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly db: Queryable,
    private readonly database: string,
    private readonly everyMs = 50,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.sample(), this.everyMs);
    return this;
  }

  stop(): ActivityShare[] {
    if (this.timer) clearInterval(this.timer);
    return [...this.counts]
      .map(([what, n]) => ({ what, sessions: this.samples ? Math.round((n / this.samples) * 100) / 100 : 0 }))
      .filter((a) => a.sessions > 0)
      .sort((a, b) => b.sessions - a.sessions);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.db.query(
        `SELECT state, wait_event_type, wait_event FROM pg_stat_activity
          WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
        [this.database],
      );
      this.samples++;
      for (const r of rows) {
        const what = classifyActivity(
          r.state as string | null,
          r.wait_event_type as string | null,
          r.wait_event as string | null,
        );
        this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
      }
    } catch {
      // a sample lost is no harm
    } finally {
      this.busy = false;
    }
  }
}

export function describeActivity(shares: readonly ActivityShare[], top = 5): string {
  return shares
    .filter((s) => !s.what.startsWith('idle (no'))
    .slice(0, top)
    .map((s) => `${s.sessions} ${s.what}`)
    .join('; ');
}
