import { Global, Module } from '@nestjs/common';
import { InboundConsumer } from '../kafka/inbound-consumer.service';
import { Metrics } from '../observability/metrics';
import { DeadLetterRelay } from '../outbox/dead-letter-relay.service';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { DatabaseProbe } from '../persistence/database-probe';
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
