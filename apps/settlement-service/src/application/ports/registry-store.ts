import type { Account, Binding, JournalEntry, Person } from '@gongji/domain';
import type { OutboxEvent } from '../events/outbox-event';

/** A person as registered (the domain's Person plus what only the registry keeps). */
export interface RegisteredPerson extends Person {
  name: string;
}

/** A binding as stored: the domain's Binding with its place in the payment order and why it is not ACTIVE. */
export interface StoredBinding extends Binding {
  paymentOrder: number;
  statusReason: string | null;
  policyVersion: string;
}

/** What registering a person asks of the store; `fraudRecordAt` undefined keeps the recorded one. */
export interface PersonUpsert {
  personId: string;
  name: string;
  regionCode: string;
  insuranceType: Person['insuranceType'];
  enrollmentStatus: Person['enrollmentStatus'];
  fraudRecordAt: string | null | undefined;
}

/** A money credit into an account, as recorded (the idempotency record of POST .../credits). */
export interface CreditRecord {
  creditId: string;
  accountId: string;
  amountFen: bigint;
  reason: string;
  contentHash: string;
  balanceAfterFen: bigint;
}

export interface MerchantRegistration {
  merchantId: string;
  name: string;
  kind: 'PHARMACY' | 'CLINIC' | 'HOSPITAL';
  regionCode: string;
  designated: boolean;
}

/**
 * What the registry's use cases (persons, merchants, accounts, bindings, credits) do with the
 * database inside one transaction. Locks are named where they are taken: callers take them in the
 * order accounts → persons (by id) → bindings, the order every writer of these rows follows.
 */
export interface RegistryTransaction {
  upsertMerchant(m: MerchantRegistration): Promise<{ created: boolean }>;

  /** Locks the person (to change) and everyone sharing a live binding with them (to read), in id order. */
  lockPersonAndCounterparts(personId: string): Promise<void>;
  /** Persons by id, locked FOR NO KEY UPDATE in id order when `lock`. */
  persons(personIds: readonly string[], options?: { lock: boolean }): Promise<RegisteredPerson[]>;
  upsertPerson(p: PersonUpsert): Promise<{ created: boolean; person: RegisteredPerson; fraudRecordCleared: boolean }>;
  /** An employee's personal account (account_id = personId), made if missing. */
  ensureAccount(personId: string): Promise<void>;

  /** The person's personal account, locked FOR UPDATE when `lock`. */
  account(personId: string, options?: { lock: boolean }): Promise<Account | null>;
  updateAccountSettings(
    accountId: string,
    changes: { reserveFen?: bigint; reserveRatioPercent?: number | null; relativesMonthlyLimitFen?: bigint | null },
  ): Promise<void>;
  credit(creditId: string): Promise<CreditRecord | null>;
  /** Inserts the credit unless its id exists (then false): a concurrent same id waits and loses cleanly. */
  insertCredit(credit: CreditRecord): Promise<boolean>;
  addToBalance(accountId: string, amountFen: bigint): Promise<void>;
  appendJournal(entries: readonly JournalEntry[]): Promise<void>;

  /** Non-revoked bindings where the person is the holder, or the beneficiary (locked when asked). */
  liveBindingsOfPerson(personId: string, options?: { lock: boolean }): Promise<StoredBinding[]>;
  liveBindingsAsHolder(holderId: string): Promise<StoredBinding[]>;
  liveBindingsAsBeneficiary(beneficiaryId: string, options?: { lock: boolean }): Promise<StoredBinding[]>;
  binding(bindingId: string, options?: { lock: boolean }): Promise<StoredBinding | null>;
  nextPaymentOrder(beneficiaryId: string): Promise<number>;
  insertBinding(binding: StoredBinding): Promise<void>;
  updateBinding(
    bindingId: string,
    changes: { status?: Binding['status']; statusReason?: string | null; monthlyLimitFen?: bigint | null },
  ): Promise<void>;
  setPaymentOrder(bindingIds: readonly string[]): Promise<void>;

  appendEvents(events: readonly OutboxEvent[]): Promise<void>;
}

/**
 * The registry's transactions (implemented in store/). Ran again when PostgreSQL aborted one for
 * a deadlock or a serialization failure; `alsoRetry` adds a caller's own retryable errors.
 */
export abstract class RegistryStore {
  abstract inTransaction<T>(
    work: (tx: RegistryTransaction) => Promise<T>,
    alsoRetry?: (err: unknown) => boolean,
  ): Promise<T>;
}
