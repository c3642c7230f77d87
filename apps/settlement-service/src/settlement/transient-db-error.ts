/**
 * Whether a database error means "the database is away or we collided with another
 * transaction" (retry: the message is fine) rather than a fault in this message's processing.
 */
export function isRetryableCollision(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  // serialization failure, deadlock, unique violation on a concurrent insert of the same id
  return code === '40001' || code === '40P01' || code === '23505';
}

export function isDatabaseOutage(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (typeof e.code === 'string' && (e.code.startsWith('08') || e.code.startsWith('57P') || e.code === '53300'))
    return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(e.code ?? '')) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Cannot use a pool after calling end/i.test(
    e.message ?? '',
  );
}
