/** A row a transaction has just committed to the outbox, handed over to be published at once. */
export interface CommittedOutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: string;
  /** Routing headers of an event about a charge (contract 1.1 §2); null when unknown. */
  merchantId: string | null;
  terminalId: string | null;
}

/**
 * Tells the publishers (messaging/) what a transaction just committed, so they publish it now
 * instead of at their next poll. Dropping a notice loses nothing: the rows are in their tables.
 */
export abstract class CommitNotifier {
  /** Outbox rows in id order, with their content (published without reading them back). */
  abstract outboxCommitted(rows: readonly CommittedOutboxRow[]): void;
  /** Outbox rows were written (their content not at hand): look at the table now. */
  abstract outboxWritten(): void;
  abstract deadLettersWritten(): void;
}
