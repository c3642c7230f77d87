import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxRelay } from '../outbox/outbox-relay.service';

type DependencyState = { status: 'up' | 'down'; detail?: string };

export interface HealthReport {
  status: 'up' | 'down';
  dependencies: { postgres: DependencyState; kafka: DependencyState; outbox: DependencyState & { backlog?: number } };
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)),
  ]);
}

/** `GET /health`: each dependency checked live, 200 when all are up, 503 otherwise. */
@ApiTags('operations')
@Controller()
export class HealthController {
  // A separate client that fails fast: the main one retries for minutes by design.
  private readonly probe: Kafka;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.probe = new Kafka({
      clientId: `${config.kafkaClientId}-health`,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 1500,
      retry: { retries: 0 },
    });
  }

  @Get('health')
  @ApiOkResponse({ description: 'All dependencies up' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency down' })
  async health(@Res() res: Response): Promise<void> {
    const [postgres, kafka] = await Promise.all([this.checkPostgres(), this.checkKafka()]);
    let outbox: HealthReport['dependencies']['outbox'];
    if (postgres.status === 'up') {
      const backlog = await this.relay.refreshBacklog().catch(() => -1);
      outbox =
        backlog >= 0 && this.relay.isBacklogHealthy()
          ? { status: 'up', backlog }
          : { status: 'down', backlog, detail: 'outbox backlog above threshold' };
    } else {
      outbox = { status: 'down', detail: 'database unavailable' };
    }
    const report: HealthReport = {
      status: [postgres, kafka, outbox].every((d) => d.status === 'up') ? 'up' : 'down',
      dependencies: { postgres, kafka, outbox },
    };
    res.status(report.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }

  private async checkPostgres(): Promise<DependencyState> {
    try {
      await withTimeout(this.db.query('SELECT 1'), CHECK_TIMEOUT_MS);
      return { status: 'up' };
    } catch (err) {
      return { status: 'down', detail: (err as Error).message };
    }
  }

  private async checkKafka(): Promise<DependencyState> {
    const admin = this.probe.admin();
    try {
      await withTimeout(
        (async () => {
          await admin.connect();
          await admin.describeCluster();
        })(),
        CHECK_TIMEOUT_MS,
      );
      return { status: 'up' };
    } catch (err) {
      return { status: 'down', detail: (err as Error).message };
    } finally {
      void admin.disconnect().catch(() => undefined);
    }
  }
}
