import { DataSource, EntityManager } from 'typeorm';

/** serialization_failure and deadlock_detected: the transaction did nothing and may simply run again. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

export function constraintOf(err: unknown): string | undefined {
  const e = err as { constraint?: unknown; driverError?: { constraint?: unknown } } | null;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Runs `work` in one READ COMMITTED transaction, again when PostgreSQL aborted it for a deadlock
 * (row locks taken in different orders by concurrent requests) or when `alsoRetry` says so.
 */
export async function inTransaction<T>(
  db: DataSource,
  work: (tx: EntityManager) => Promise<T>,
  alsoRetry: (err: unknown) => boolean = () => false,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      const retryable = RETRYABLE_SQLSTATES.has(sqlState(err) ?? '') || alsoRetry(err);
      if (!retryable || attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** Rows of any statement, including UPDATE ... RETURNING (which `EntityManager.query` answers as [rows, count]). */
export async function queryRows<T>(tx: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const runner = tx.queryRunner;
  if (!runner) throw new Error('queryRows needs a transaction');
  const result = await runner.query(sql, params, true);
  return (result.records ?? []) as T[];
}
