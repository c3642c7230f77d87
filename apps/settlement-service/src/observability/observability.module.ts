import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** The metrics registry every module reports into. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class ObservabilityModule {}
