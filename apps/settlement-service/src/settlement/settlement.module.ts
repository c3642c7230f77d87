import { Global, Module } from '@nestjs/common';
import { DeadLetterPublisher } from '../kafka/dead-letter-publisher';
import { InboundConsumer } from '../kafka/inbound-consumer.service';
import { Metrics } from '../observability/metrics';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { AuthorizationExpiry } from './authorization-expiry.service';
import { SettlementProcessor } from './settlement-processor';

@Global()
@Module({
  providers: [Metrics, OutboxRelay, SettlementProcessor, DeadLetterPublisher, InboundConsumer, AuthorizationExpiry],
  exports: [Metrics, OutboxRelay, SettlementProcessor],
})
export class SettlementModule {}
