import { Injectable } from '@nestjs/common';
import { CommitNotifier, CommittedOutboxRow } from '../application/ports/commit-notifier';
import { DeadLetterRelay } from './dead-letter-relay.service';
import { OutboxRelay } from './outbox-relay.service';

/** What a transaction committed, to the relays that publish it. */
@Injectable()
export class RelayCommitNotifier extends CommitNotifier {
  constructor(
    private readonly outbox: OutboxRelay,
    private readonly deadLetters: DeadLetterRelay,
  ) {
    super();
  }

  outboxCommitted(rows: readonly CommittedOutboxRow[]): void {
    this.outbox.publishCommitted(rows);
  }

  outboxWritten(): void {
    this.outbox.wake();
  }

  deadLettersWritten(): void {
    this.deadLetters.wake();
  }
}
