/**
 * Two kinds of failure (docs/ARCHITECTURE.md, "What happens when …"):
 *
 * - THE WORLD: the database, the broker or the process cannot do the work right now, whatever the
 *   message (connection lost, read-only after a fail-over, disk full, out of memory, a statement
 *   timeout, lock contention that outlasted its retries, privileges taken away). Hold, back off,
 *   acknowledge nothing, report it, and go on by itself once it heals.
 * - THIS MESSAGE: it fails alone, again, against a database that has just accepted a probe write.
 *   Only that earns a final answer with a code and the dead-letter topic.
 *
 * An error this module does not recognise as the world is not yet a verdict on the message: the
 * lane splits the batch and probes the database before it blames a message.
 */

/** SQLSTATE classes that are about the database or the connection, never about one message. */
const WORLD_SQLSTATE_CLASSES = new Set([
  '08', // connection exception
  '28', // invalid authorization (credentials changed)
  '3D', // the database is gone
  '53', // insufficient resources: disk full, out of memory, too many connections
  '57', // operator intervention: shutdown, cancel, statement timeout
  '58', // system error: I/O
]);

const WORLD_SQLSTATES = new Set([
  '25006', // read_only_sql_transaction: a replica, or a primary made read-only
  '25P03', // idle_in_transaction_session_timeout
  '40001', // serialization_failure, still failing after the processor's retries
  '40P01', // deadlock_detected, likewise
  '55P03', // lock_not_available
  '42501', // insufficient_privilege: the role lost a grant
]);

/**
 * World faults that a smaller transaction may get through (a statement timeout or memory that a
 * 500-message batch exceeds): the lane holds and also splits the batch, so no batch size wedges it.
 */
const SIZE_SENSITIVE_SQLSTATES = new Set(['57014', '53200']);
const SIZE_SENSITIVE_CLASSES = new Set(['54']); // program limit exceeded

const NODE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

const DRIVER_CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Cannot use a pool after calling end|Query read timeout|the database system is (starting up|shutting down|in recovery mode)/i;

/** The SQLSTATE or Node error code of `err`, looking through TypeORM's and kafkajs' wrappers. */
export function errorCode(err: unknown): string | undefined {
  for (const e of causes(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * A failure of the world met where no SQLSTATE or socket code says so: the broker refused or timed
 * out a publish an HTTP caller waits on. Whatever kafkajs said, it is not the caller's message.
 */
export class WorldFault extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorldFault';
  }
}

export function isWorldFault(err: unknown): boolean {
  if (causes(err).some((e) => e instanceof WorldFault)) return true;
  const code = errorCode(err);
  if (code !== undefined) {
    if (WORLD_SQLSTATES.has(code) || SIZE_SENSITIVE_SQLSTATES.has(code)) return true;
    if (
      code.length === 5 &&
      (WORLD_SQLSTATE_CLASSES.has(code.slice(0, 2)) || SIZE_SENSITIVE_CLASSES.has(code.slice(0, 2)))
    )
      return true;
    if (NODE_NETWORK_CODES.has(code)) return true;
  }
  return causes(err).some((e) => DRIVER_CONNECTION_MESSAGES.test((e as { message?: string }).message ?? ''));
}

/** A world fault that a smaller batch may avoid. */
export function isSizeSensitiveFault(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && (SIZE_SENSITIVE_SQLSTATES.has(code) || SIZE_SENSITIVE_CLASSES.has(code.slice(0, 2)));
}

/**
 * Another transaction got there first (serialization failure, deadlock, a concurrent insert of
 * the same id): the whole transaction may simply run again and see the other one's rows.
 */
export function isRetryableCollision(err: unknown): boolean {
  const code = errorCode(err);
  return code === '40001' || code === '40P01' || code === '23505';
}

/** A fault in one line, for logs and the dead letter's x-error-message: its code and message. */
export function describeFault(fault: unknown): string {
  const code = errorCode(fault);
  const message = fault instanceof Error ? fault.message : String(fault);
  return code !== undefined ? `[${code}] ${message}` : message;
}

/** `err`, then what it wraps (`driverError`, `cause`), a few levels deep. */
function causes(err: unknown): object[] {
  const out: object[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    out.push(e);
    const next = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
    if (next === e) break;
    e = next;
  }
  return out;
}
