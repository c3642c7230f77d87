import { Global, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source-options';
import { LedgerGuardCheck } from './ledger-guard-check';
import { migrateWithLock } from './migrate-with-lock';

/**
 * Pending migrations run at start, before anything consumes or relays, one instance at a time, as
 * the schema's owner (DATABASE_MIGRATION_URL) on connections of their own: the service's own pool
 * runs as a role that owns nothing (it cannot alter tables or disable the journal's triggers).
 */
@Injectable()
class MigrationsAtStart implements OnModuleInit {
  private readonly log = new Logger('Migrations');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    // Retried like the pool's first connection: PostgreSQL may be briefly away at start-up.
    for (let attempt = 1; ; attempt++) {
      const owner = new DataSource(dataSourceOptions(this.config.databaseMigrationUrl, 2));
      try {
        await owner.initialize();
        const ran = await migrateWithLock(owner);
        if (ran.length) this.log.log(`ran ${ran.join(', ')}`);
        return;
      } catch (err) {
        if (attempt >= 30 || owner.isInitialized) throw err;
        this.log.warn(`cannot reach the database to migrate (${(err as Error).message}); trying again`);
        await new Promise((r) => setTimeout(r, 2000));
      } finally {
        if (owner.isInitialized) await owner.destroy();
      }
    }
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseUrl, config.databasePoolSize),
        // Run by MigrationsAtStart under an advisory lock instead (several instances may start together).
        migrationsRun: false,
        // Keep retrying at start-up instead of crashing when PostgreSQL is briefly away.
        retryAttempts: 30,
        retryDelay: 2000,
      }),
    }),
  ],
  providers: [MigrationsAtStart, LedgerGuardCheck],
})
export class DatabaseModule {}
