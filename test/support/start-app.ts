import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../apps/settlement-service/src/app.module';
import { AppConfig } from '../../apps/settlement-service/src/config/app-config';
import { configureHttp } from '../../apps/settlement-service/src/http/configure-http';
import { testConfig } from './test-config';

export interface RunningApp {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  close(): Promise<void>;
}

/** Boots the real service in-process against the real database and broker, on a free port. */
export async function startApp(overrides: Record<string, string | undefined> = {}): Promise<RunningApp> {
  const config = testConfig(overrides);
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () => app.close(),
  };
}
