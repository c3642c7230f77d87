import { EntityManager } from 'typeorm';
import { OutboxEvent } from '../../application/events/outbox-event';
import { BINDING_CHANGE_REASONS, BindingParties, bindingEvent } from '../bindings/binding-event';
import { queryRows } from '../shared/transaction';

interface PartyRow {
  binding_id: string;
  holder_id: string;
  beneficiary_id: string;
}

const parties = (r: PartyRow): BindingParties => ({
  bindingId: r.binding_id,
  holderId: r.holder_id,
  beneficiaryId: r.beneficiary_id,
});

/**
 * The person's insurance lapsed: every ACTIVE binding they are part of (either side) stops.
 * A binding already suspended stays as it is, so a second lapse writes no second event.
 */
export async function suspendBindingsOfLapsedPerson(
  tx: EntityManager,
  personId: string,
  at: Date,
): Promise<OutboxEvent[]> {
  const reason = BINDING_CHANGE_REASONS.enrollmentLapsed;
  const rows = await queryRows<PartyRow>(
    tx,
    `UPDATE bindings SET status = 'SUSPENDED', status_reason = $2, updated_at = now()
      WHERE (holder_id = $1 OR beneficiary_id = $1) AND status = 'ACTIVE'
      RETURNING binding_id, holder_id, beneficiary_id`,
    [personId, reason],
  );
  return rows.map((r) => bindingEvent('binding.suspended', parties(r), reason, at));
}

/**
 * Locks the person (to change) and everyone they share a live binding with (to read), in
 * person_id order. Two people restored at the same moment then run one after the other and the
 * second sees the first as ACTIVE; without it each would see the other still lapsed (the
 * uncommitted change is invisible) and the binding would stay suspended. The same order as
 * binding creation's person locks, so the two never deadlock.
 */
export async function lockPersonAndCounterparts(tx: EntityManager, personId: string): Promise<void> {
  const others = await queryRows<{ other: string }>(
    tx,
    `SELECT DISTINCT CASE WHEN holder_id = $1 THEN beneficiary_id ELSE holder_id END AS other
       FROM bindings WHERE (holder_id = $1 OR beneficiary_id = $1) AND status <> 'REVOKED'`,
    [personId],
  );
  const ids = [personId, ...others.map((o) => o.other)].sort();
  for (const id of ids) {
    const mode = id === personId ? 'NO KEY UPDATE' : 'SHARE';
    await tx.query(`SELECT 1 FROM persons WHERE person_id = $1 FOR ${mode}`, [id]);
  }
}

/**
 * The person is insured again: bindings suspended for a lapse resume where the other side is
 * ACTIVE too (read under the share lock taken by `lockPersonAndCounterparts`).
 */
export async function resumeBindingsOfRestoredPerson(
  tx: EntityManager,
  personId: string,
  at: Date,
): Promise<OutboxEvent[]> {
  const reason = BINDING_CHANGE_REASONS.enrollmentRestored;
  const rows = await queryRows<PartyRow>(
    tx,
    `UPDATE bindings b SET status = 'ACTIVE', status_reason = NULL, updated_at = now()
       FROM persons other
      WHERE other.person_id = CASE WHEN b.holder_id = $1 THEN b.beneficiary_id ELSE b.holder_id END
        AND (b.holder_id = $1 OR b.beneficiary_id = $1)
        AND b.status = 'SUSPENDED' AND b.status_reason = $2
        AND other.enrollment_status = 'ACTIVE'
      RETURNING b.binding_id, b.holder_id, b.beneficiary_id`,
    [personId, BINDING_CHANGE_REASONS.enrollmentLapsed],
  );
  return rows.map((r) => bindingEvent('binding.resumed', parties(r), reason, at));
}
