import { DataSource } from 'typeorm';

/** Arbitrary constant: the advisory lock every instance takes to run migrations, one at a time. */
const MIGRATION_LOCK_KEY = 0x6f6a6d67;

/**
 * Runs pending migrations under a session advisory lock, so instances starting together never run
 * the same migration twice: the second waits, then finds nothing pending. Returns what it ran.
 * Takes two of the pool's connections: the lock's session, and the one TypeORM migrates on.
 */
export async function migrateWithLock(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ran = await ds.runMigrations({ transaction: 'all' });
    return ran.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
