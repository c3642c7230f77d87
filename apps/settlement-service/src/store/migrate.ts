import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { migrateWithLock } from './migrate-with-lock';

/**
 * Runs pending migrations as the schema's owner (DATABASE_MIGRATION_URL, else DATABASE_URL):
 * `tsx .../migrate.ts` or the compiled file.
 */
async function main(): Promise<void> {
  // the one standalone entry point besides app-config
  const url = process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_MIGRATION_URL or DATABASE_URL is required');
  // Two connections: one holds the migration lock while TypeORM runs the migrations on the other.
  const ds = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    const ran = await migrateWithLock(ds);
    console.log(`migrations: ${ran.length ? ran.join(', ') : 'none pending'}`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
