import { DynamicModule, Module } from '@nestjs/common';
import { ApplicationModule } from './application/application.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { HealthController } from './health/health.controller';
import { ReadinessCheck } from './health/readiness-check';
import { HttpApiModule } from './http/http.module';
import { MessagingModule } from './messaging/messaging.module';
import { LoggerModule } from './observability/logger.module';
import { MetricsController } from './observability/metrics.controller';
import { ObservabilityModule } from './observability/observability.module';
import { StoreModule } from './store/store.module';

/**
 * The service: the settlement core (application/) between its adapters — PostgreSQL (store/),
 * Kafka (messaging/) and HTTP (http/) — with configuration, logs, metrics and health.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule,
        ObservabilityModule,
        StoreModule,
        MessagingModule,
        ApplicationModule,
        HttpApiModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [ReadinessCheck],
    };
  }
}
