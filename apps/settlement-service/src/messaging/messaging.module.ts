import { Global, Module } from '@nestjs/common';
import { CommitNotifier } from '../application/ports/commit-notifier';
import { InboundGateway, OutcomeWatcher } from '../application/ports/inbound-gateway';
import { DeadLetterRelay } from './dead-letter-relay.service';
import { InboundConsumer } from './inbound-consumer.service';
import { InboundPublisher } from './inbound-publisher';
import { KafkaClient } from './kafka-client';
import { OutboxRelay } from './outbox-relay.service';
import { OutcomeListener } from './outcome-listener';
import { RelayCommitNotifier } from './relay-commit-notifier';

/**
 * Kafka, in one place: the inbound consumer and its lane, the outbox relay and the DLQ relay, and
 * HTTP settlement's publisher onto the inbound topics and listener on the outcome stream.
 */
@Global()
@Module({
  providers: [
    KafkaClient,
    OutboxRelay,
    DeadLetterRelay,
    InboundConsumer,
    RelayCommitNotifier,
    { provide: CommitNotifier, useExisting: RelayCommitNotifier },
    InboundPublisher,
    { provide: InboundGateway, useExisting: InboundPublisher },
    OutcomeListener,
    { provide: OutcomeWatcher, useExisting: OutcomeListener },
  ],
  exports: [CommitNotifier, InboundGateway, OutcomeWatcher, InboundConsumer, OutboxRelay, DeadLetterRelay],
})
export class MessagingModule {}
