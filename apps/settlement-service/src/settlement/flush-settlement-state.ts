import { EntityManager } from 'typeorm';
import { stringifyWithBigint } from '../outbox/json-with-bigint';
import { appendToOutbox } from '../outbox/outbox-writer';
import { appendJournal } from '../persistence/journal-writer';
import { toTaggedJson } from '../persistence/tagged-json';
import { SettlementState } from './settlement-state';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : stringifyWithBigint(v));
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Writes everything a batch changed with one set-based statement per table. Inserts of new
 * charges, reversals and authorizations fail on a concurrent insert of the same id; the whole
 * transaction is then retried and sees the other one's row.
 */
export async function flushSettlementState(
  tx: EntityManager,
  s: SettlementState,
  consumerGroup: string,
): Promise<void> {
  await writeAccounts(tx, s);
  await writeUsage(tx, s);
  await writeCharges(tx, s);
  await writeLegs(tx, s);
  await writeAuthorizations(tx, s);
  await writeReversals(tx, s);
  await appendJournal(tx, s.journal);
  await appendToOutbox(tx, s.events);
  await appendToOutbox(tx, s.conflictEvents, { ignoreDuplicates: true });
  await writeOffsets(tx, s, consumerGroup);
}

async function writeAccounts(tx: EntityManager, s: SettlementState): Promise<void> {
  if (!s.changedAccounts.size) return;
  const accounts = [...s.changedAccounts].map((id) => s.account(id));
  await tx.query(
    `UPDATE accounts a SET balance_fen = v.balance, held_fen = v.held, updated_at = now()
     FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS v(id, balance, held) WHERE a.account_id = v.id`,
    [
      accounts.map((a) => a.accountId),
      accounts.map((a) => a.balanceFen.toString()),
      accounts.map((a) => a.heldFen.toString()),
    ],
  );
}

async function writeUsage(tx: EntityManager, s: SettlementState): Promise<void> {
  if (!s.changedUsage.size) return;
  const keys = [...s.changedUsage];
  const rows = keys.map((k) => {
    const [bindingId, month] = k.split('|');
    return { bindingId, month, holderId: s.bindings.get(bindingId)?.holderId, used: s.bindingUsage.get(k) ?? 0n };
  });
  if (rows.some((r) => !r.holderId)) throw new Error('usage changed on a binding that was not loaded');
  await tx.query(
    `INSERT INTO monthly_usage (binding_id, month_key, holder_id, used_fen)
     SELECT * FROM unnest($1::text[], $2::char(7)[], $3::text[], $4::bigint[])
     ON CONFLICT (binding_id, month_key) DO UPDATE SET used_fen = EXCLUDED.used_fen`,
    [
      rows.map((r) => r.bindingId),
      rows.map((r) => r.month),
      rows.map((r) => r.holderId),
      rows.map((r) => r.used.toString()),
    ],
  );
}

const CHARGE_COLUMNS = `charge_id, content_hash, patient_id, merchant_id, terminal_id, status, reason_code, occurred_at,
  decided_at, settled_at, amounts, request, outcome, policy_version, authorization_id, pending_decision, settled_usage,
  reversal_id, reversed_at`;

async function writeCharges(tx: EntityManager, s: SettlementState): Promise<void> {
  const rowsOf = (ids: Iterable<string>) => {
    const cs = [...ids].map((id) => s.charges.get(id)!);
    return [
      cs.map((c) => c.chargeId),
      cs.map((c) => c.contentHash),
      cs.map((c) => c.patientId),
      cs.map((c) => c.merchantId),
      cs.map((c) => c.terminalId),
      cs.map((c) => c.status),
      cs.map((c) => c.reasonCode),
      cs.map((c) => iso(c.occurredAt)),
      cs.map((c) => iso(c.decidedAt)),
      cs.map((c) => iso(c.settledAt)),
      cs.map((c) => json(c.amounts)),
      cs.map((c) => json(c.request)),
      cs.map((c) => json(c.outcome)),
      cs.map((c) => c.policyVersion),
      cs.map((c) => c.authorizationId),
      cs.map((c) => (c.pendingDecision === null ? null : JSON.stringify(c.pendingDecision))),
      cs.map((c) => (c.settledUsage === null ? null : toTaggedJson(c.settledUsage))),
      cs.map((c) => c.reversalId),
      cs.map((c) => iso(c.reversedAt)),
    ];
  };
  const types = `$1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
    $9::timestamptz[], $10::timestamptz[], $11::jsonb[], $12::jsonb[], $13::jsonb[], $14::text[], $15::text[], $16::jsonb[],
    $17::jsonb[], $18::text[], $19::timestamptz[]`;
  if (s.newCharges.size) {
    await tx.query(`INSERT INTO charges (${CHARGE_COLUMNS}) SELECT * FROM unnest(${types})`, rowsOf(s.newCharges));
  }
  if (s.changedCharges.size) {
    await tx.query(
      `UPDATE charges c SET status = v.status, reason_code = v.reason_code, settled_at = v.settled_at, amounts = v.amounts,
         outcome = v.outcome, policy_version = v.policy_version, authorization_id = v.authorization_id,
         pending_decision = v.pending_decision, settled_usage = v.settled_usage, reversal_id = v.reversal_id,
         reversed_at = v.reversed_at
       FROM unnest(${types}) AS v(${CHARGE_COLUMNS}) WHERE c.charge_id = v.charge_id`,
      rowsOf(s.changedCharges),
    );
  }
}

async function writeLegs(tx: EntityManager, s: SettlementState): Promise<void> {
  if (s.newLegs.length) {
    const l = s.newLegs;
    await tx.query(
      `INSERT INTO settlement_legs (charge_id, leg_no, account_id, holder_id, binding_id, relationship, amount_fen,
         balance_after_fen, month_key, status)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
         $8::bigint[], $9::char(7)[], $10::text[])`,
      [
        l.map((x) => x.chargeId),
        l.map((x) => x.legNo),
        l.map((x) => x.accountId),
        l.map((x) => x.holderId),
        l.map((x) => x.bindingId),
        l.map((x) => x.relationship),
        l.map((x) => x.amountFen.toString()),
        l.map((x) => x.balanceAfterFen.toString()),
        l.map((x) => x.monthKey),
        l.map((x) => x.status),
      ],
    );
  }
  if (s.changedLegs.size) {
    const l = [...s.changedLegs];
    await tx.query(
      `UPDATE settlement_legs t SET status = v.status, amount_fen = v.amount, balance_after_fen = v.after
       FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::bigint[]) AS v(charge_id, leg_no, status, amount, after)
       WHERE t.charge_id = v.charge_id AND t.leg_no = v.leg_no`,
      [
        l.map((x) => x.chargeId),
        l.map((x) => x.legNo),
        l.map((x) => x.status),
        l.map((x) => x.amountFen.toString()),
        l.map((x) => x.balanceAfterFen.toString()),
      ],
    );
  }
}

async function writeAuthorizations(tx: EntityManager, s: SettlementState): Promise<void> {
  if (s.newAuthorizations.size) {
    const a = [...s.newAuthorizations].map((id) => s.authorizations.get(id)!);
    await tx.query(
      `INSERT INTO authorizations (authorization_id, charge_id, holder_id, binding_id, requested_fen, status, expires_at, decided_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::timestamptz[], $8::timestamptz[])`,
      [
        a.map((x) => x.authorizationId),
        a.map((x) => x.chargeId),
        a.map((x) => x.holderId),
        a.map((x) => x.bindingId),
        a.map((x) => x.requestedFen.toString()),
        a.map((x) => x.status),
        a.map((x) => iso(x.expiresAt)),
        a.map((x) => iso(x.decidedAt)),
      ],
    );
  }
  if (s.changedAuthorizations.size) {
    const a = [...s.changedAuthorizations].map((id) => s.authorizations.get(id)!);
    await tx.query(
      `UPDATE authorizations t SET status = v.status, decided_at = v.decided_at
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS v(id, status, decided_at) WHERE t.authorization_id = v.id`,
      [a.map((x) => x.authorizationId), a.map((x) => x.status), a.map((x) => iso(x.decidedAt))],
    );
  }
}

async function writeReversals(tx: EntityManager, s: SettlementState): Promise<void> {
  if (!s.newReversals.size) return;
  const r = [...s.newReversals].map((id) => s.reversals.get(id)!);
  await tx.query(
    `INSERT INTO reversals (reversal_id, charge_id, content_hash, merchant_id, patient_id, status, reason_code, request, outcome)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[])`,
    [
      r.map((x) => x.reversalId),
      r.map((x) => x.chargeId),
      r.map((x) => x.contentHash),
      r.map((x) => x.merchantId),
      r.map((x) => x.patientId),
      r.map((x) => x.status),
      r.map((x) => x.reasonCode),
      r.map((x) => json(x.request)),
      r.map((x) => json(x.outcome)),
    ],
  );
}

async function writeOffsets(tx: EntityManager, s: SettlementState, consumerGroup: string): Promise<void> {
  if (!s.offsets.size) return;
  const o = [...s.offsets.values()];
  await tx.query(
    `INSERT INTO processed_offsets (consumer_group, topic, partition, next_offset)
     SELECT $1, * FROM unnest($2::text[], $3::int[], $4::bigint[])
     ON CONFLICT (consumer_group, topic, partition) DO UPDATE
       SET next_offset = GREATEST(processed_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
    [consumerGroup, o.map((x) => x.topic), o.map((x) => x.partition), o.map((x) => x.nextOffset.toString())],
  );
}
