import { Global, Module } from '@nestjs/common';
import { CommitNotifier } from '../application/ports/commit-notifier';
import { DeadLetterRelay } from './dead-letter-relay.service';
import { InboundConsumer } from './inbound-consumer.service';
import { KafkaClient } from './kafka-client';
import { OutboxRelay } from './outbox-relay.service';
import { RelayCommitNotifier } from './relay-commit-notifier';

/** Kafka, in one place: the inbound consumer and its lane, the outbox relay and the DLQ relay. */
@Global()
@Module({
  providers: [
    KafkaClient,
    OutboxRelay,
    DeadLetterRelay,
    InboundConsumer,
    RelayCommitNotifier,
    { provide: CommitNotifier, useExisting: RelayCommitNotifier },
  ],
  exports: [CommitNotifier, InboundConsumer, OutboxRelay, DeadLetterRelay],
})
export class MessagingModule {}
