import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseUrl, config.databasePoolSize),
        // Pending migrations run at start too, so a fresh database works without a separate step.
        migrationsRun: true,
        // Keep retrying at start-up instead of crashing when PostgreSQL is briefly away.
        retryAttempts: 30,
        retryDelay: 2000,
      }),
    }),
  ],
})
export class DatabaseModule {}
