import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReadinessCheck, ReadinessReport } from './readiness-check';

/**
 * `/health/live`: the process works (for a restart decision). `/health/ready` and `/health` (the
 * same view): whether this instance can settle now — 200 when every dependency is up, 503 with
 * each one's state otherwise. Open without a token, so each answer is computed at most once a
 * second however often it is asked.
 */
@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessCheck) {}

  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'The process works' })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: database writable, broker reachable, consumer in its group, lane flowing' })
  @ApiOkResponse({ description: 'Ready' })
  @ApiServiceUnavailableResponse({ description: 'Not ready: see each dependency' })
  async ready(@Res() res: Response): Promise<void> {
    this.send(res, await this.readiness.report());
  }

  @Get('health')
  @ApiOperation({ summary: 'The readiness view (kept for existing probes)' })
  @ApiOkResponse({ description: 'Ready' })
  @ApiServiceUnavailableResponse({ description: 'Not ready: see each dependency' })
  async health(@Res() res: Response): Promise<void> {
    this.send(res, await this.readiness.report());
  }

  private send(res: Response, report: ReadinessReport): void {
    res.status(report.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }
}
