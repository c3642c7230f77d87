import { Global, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source-options';
import { migrateWithLock } from './migrate-with-lock';

/** Pending migrations run at start, before anything consumes or relays, one instance at a time. */
@Injectable()
class MigrationsAtStart implements OnModuleInit {
  private readonly log = new Logger('Migrations');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    const ran = await migrateWithLock(this.db);
    if (ran.length) this.log.log(`ran ${ran.join(', ')}`);
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
  providers: [MigrationsAtStart],
})
export class DatabaseModule {}
