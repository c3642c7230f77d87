import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * TypeORM options shared by the service and the migration runner: TypeORM runs the migrations and
 * opens the pool; every statement goes through store/ (node-postgres). Never `synchronize`.
 */
export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'all',
    extra: { max: poolSize },
    // TypeORM would log failed queries with their parameters (person numbers): callers log instead.
    logging: false,
  };
}
