import { Global, Module } from '@nestjs/common';
import { InboundConsumer } from '../../messaging/inbound-consumer.service';
import { Metrics } from '../../observability/metrics';
import { DeadLetterRelay } from '../../messaging/dead-letter-relay.service';
import { OutboxRelay } from '../../messaging/outbox-relay.service';
import { DatabaseProbe } from '../../store/database-probe';
import { AuthorizationExpiry } from './authorization-expiry.service';
import { SettlementProcessor } from './settlement-processor';

@Global()
@Module({
  providers: [
    Metrics,
    DatabaseProbe,
    OutboxRelay,
    DeadLetterRelay,
    SettlementProcessor,
    InboundConsumer,
    AuthorizationExpiry,
  ],
  exports: [Metrics, DatabaseProbe, OutboxRelay, DeadLetterRelay, SettlementProcessor, InboundConsumer],
})
export class SettlementModule {}
