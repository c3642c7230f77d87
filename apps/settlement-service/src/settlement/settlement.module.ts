import { Global, Module } from '@nestjs/common';
import { Metrics } from '../observability/metrics';
import { OutboxRelay } from '../outbox/outbox-relay.service';

@Global()
@Module({
  providers: [Metrics, OutboxRelay],
  exports: [Metrics, OutboxRelay],
})
export class SettlementModule {}
