/**
 * Puts a message on an inbound topic (messaging/), so HTTP settlement goes through the same path
 * as Kafka: the same partition per patient (ordering), the same lane, idempotency and batching.
 */
export abstract class InboundGateway {
  /** Resolves once the broker has it (acks from all in-sync replicas). */
  abstract publish(topic: string, key: string, value: string): Promise<void>;
}

/** Something to wait for: a charge's events (by chargeId) or a reversal's (by reversalId). */
export type OutcomeSubject = { chargeId: string } | { reversalId: string };

/** A registration for news of one subject; close it when done. */
export interface OutcomeWatch {
  /** Resolves at the next event about the subject, or after `timeoutMs` (false then). */
  next(timeoutMs: number): Promise<boolean>;
  close(): void;
}

/**
 * News of outcomes as they are published on settlement.events.v1 (one listener per instance,
 * waiters keyed by id): the HTTP caller reads the committed outcome when news comes, instead of
 * polling the database.
 */
export abstract class OutcomeWatcher {
  abstract watch(subject: OutcomeSubject): OutcomeWatch;
}
