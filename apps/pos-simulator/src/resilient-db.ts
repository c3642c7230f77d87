/**
 * The simulator's PostgreSQL access, made to outlive a database restart: the pool has an `error`
 * listener (an idle client told "terminating connection due to administrator command" would
 * otherwise take the whole process down), and a query that fails because the connection broke or
 * the server is starting or shutting down is tried again on a new connection, for a while. The
 * simulator only reads, so trying a query again is always safe.
 */
import { Pool } from 'pg';
import type { Queryable } from './invariants';

/** SQLSTATEs and socket codes of a broken or refused connection, not of the statement itself. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '53300', // too_many_connections
]);

const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /connection error/i,
  /timeout exceeded when trying to connect/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /client has encountered a connection error/i,
  /not queryable/i,
];

/** Whether `err` is about the connection (worth another try on a new one), not about the query. */
export function isConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(e.message as string))) return true;
  return e.cause !== undefined && e.cause !== err && isConnectionError(e.cause);
}

export interface RetryPolicy {
  /** Give up after this long, ms. */
  readonly forMs: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const DB_RETRY: RetryPolicy = { forMs: 60_000, firstDelayMs: 250, maxDelayMs: 2000 };

/** Runs `work`, again after connection errors (backoff), until it succeeds or `policy.forMs` passed. */
export async function retryOnConnectionError<T>(
  work: () => Promise<T>,
  policy: RetryPolicy = DB_RETRY,
  onRetry?: (err: unknown) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => number = Date.now,
): Promise<T> {
  const deadline = now() + policy.forMs;
  for (let delay = policy.firstDelayMs; ; delay = Math.min(delay * 2, policy.maxDelayMs)) {
    try {
      return await work();
    } catch (err) {
      if (!isConnectionError(err) || now() + delay > deadline) throw err;
      onRetry?.(err);
      await sleep(delay);
    }
  }
}

/** A pool that survives restarts of its database, as a `Queryable` whose queries retry. */
export class ResilientDb implements Queryable {
  readonly pool: Pool;
  /** Errors of idle clients (the server closed them), absorbed. */
  idleClientErrors = 0;
  /** Queries tried again after a connection error. */
  retries = 0;

  constructor(
    connectionString: string,
    max = 2,
    private readonly policy: RetryPolicy = DB_RETRY,
  ) {
    this.pool = new Pool({ connectionString, max, connectionTimeoutMillis: 5000 });
    this.pool.on('error', () => {
      // An idle client's connection was closed by the server; the pool drops it and opens another.
      this.idleClientErrors++;
    });
  }

  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> {
    return retryOnConnectionError(
      () => this.pool.query(sql, params),
      this.policy,
      () => this.retries++,
    );
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
