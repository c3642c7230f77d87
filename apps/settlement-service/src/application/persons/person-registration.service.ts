import { Injectable, Logger } from '@nestjs/common';
import { pseudonymize } from '../../observability/pseudonymize';
import { reviewBindingStanding } from '../bindings/binding-standing-review';
import { CommitNotifier } from '../ports/commit-notifier';
import { PersonUpsert, RegisteredPerson, RegistryStore } from '../ports/registry-store';
import { PolicyBooks } from '../region-policies/policy-books.service';

export interface PersonRegistrationResult {
  created: boolean;
  person: RegisteredPerson;
  accountId: string | null;
}

/**
 * Registers or updates an insured person (PUT /v1/persons). An EMPLOYEE gets a personal account
 * (account_id = personId). Every change re-judges the bindings the person is part of by the rules
 * each was made under (binding-standing-review.ts): a lapse, a change of insurance or a move out
 * of a binding's scope suspends it, and the way back resumes it, with the binding events in the
 * same transaction. `fraudRecordAt` left out keeps the recorded date; only an explicit null clears it.
 */
@Injectable()
export class PersonRegistration {
  private readonly log = new Logger(PersonRegistration.name);

  constructor(
    private readonly store: RegistryStore,
    private readonly notifier: CommitNotifier,
    private readonly policies: PolicyBooks,
  ) {}

  async register(input: PersonUpsert): Promise<PersonRegistrationResult> {
    const at = new Date();
    const book = await this.policies.book();
    const outcome = await this.store.inTransaction(async (tx) => {
      // Row locks order this change against bindings being made and the other sides' changes.
      await tx.lockPersonAndCounterparts(input.personId);
      const { created, person, fraudRecordCleared } = await tx.upsertPerson(input);
      if (input.insuranceType === 'EMPLOYEE') await tx.ensureAccount(input.personId);
      const events = await reviewBindingStanding(tx, input.personId, book, at);
      await tx.appendEvents(events);
      const account = await tx.account(input.personId);
      return { created, person, accountId: account?.accountId ?? null, fraudRecordCleared, events: events.length };
    });
    if (outcome.fraudRecordCleared) {
      // An audit trail for the one change that lifts a refusal (Shaanxi: no fraud record to bind).
      this.log.warn(`fraud record of ${pseudonymize(input.personId)} cleared by the bureau`);
    }
    if (outcome.events > 0) this.notifier.outboxWritten();
    return { created: outcome.created, person: outcome.person, accountId: outcome.accountId };
  }
}
