import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { HealthController } from './health/health.controller';
import { ReadinessCheck } from './health/readiness-check';
import { HttpApiModule } from './http/http.module';
import { KafkaModule } from './messaging/kafka.module';
import { LoggerModule } from './observability/logger.module';
import { MetricsController } from './observability/metrics.controller';
import { DatabaseModule } from './store/database.module';
import { SettlementModule } from './application/settlement/settlement.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule,
        DatabaseModule,
        KafkaModule,
        SettlementModule,
        HttpApiModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [ReadinessCheck],
    };
  }
}
