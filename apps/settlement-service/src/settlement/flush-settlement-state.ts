import { EntityManager } from 'typeorm';
import { appendToOutbox } from '../outbox/outbox-writer';
import { appendJournal } from '../persistence/journal-writer';
import { RawJson, jsonRecordset } from '../persistence/json-recordset';
import { toTaggedJson } from '../persistence/tagged-json';
import { ChargeRecord } from './settlement-records';
import { SettlementState } from './settlement-state';

/**
 * Writes everything a batch changed with one set-based statement per table, each taking its rows
 * as one JSON parameter (see json-recordset.ts). Inserts of new charges, reversals and
 * authorizations fail on a concurrent insert of the same id; the whole transaction is then
 * retried and sees the other one's row.
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
  const rows = [...s.changedAccounts].map((id) => {
    const a = s.account(id);
    return { id: a.accountId, balance: a.balanceFen, held: a.heldFen };
  });
  await tx.query(
    `UPDATE accounts a SET balance_fen = v.balance, held_fen = v.held, updated_at = now()
     FROM json_to_recordset($1::json) AS v(id text, balance bigint, held bigint) WHERE a.account_id = v.id`,
    [jsonRecordset(rows)],
  );
}

async function writeUsage(tx: EntityManager, s: SettlementState): Promise<void> {
  if (!s.changedUsage.size) return;
  const rows = [...s.changedUsage].map((k) => {
    const [bindingId, month] = k.split('|');
    const holderId = s.bindings.get(bindingId)?.holderId;
    if (!holderId) throw new Error('usage changed on a binding that was not loaded');
    return { binding_id: bindingId, month_key: month, holder_id: holderId, used_fen: s.bindingUsage.get(k) ?? 0n };
  });
  await tx.query(
    `INSERT INTO monthly_usage (binding_id, month_key, holder_id, used_fen)
     SELECT binding_id, month_key, holder_id, used_fen
       FROM json_to_recordset($1::json) AS v(binding_id text, month_key char(7), holder_id text, used_fen bigint)
     ON CONFLICT (binding_id, month_key) DO UPDATE SET used_fen = EXCLUDED.used_fen`,
    [jsonRecordset(rows)],
  );
}

const CHARGE_COLUMNS = `charge_id, content_hash, patient_id, merchant_id, terminal_id, status, reason_code, occurred_at,
  decided_at, settled_at, amounts, request, outcome, policy_version, authorization_id, pending_decision, settled_usage,
  reversal_id, reversed_at`;
const CHARGE_RECORD = `charge_id text, content_hash text, patient_id text, merchant_id text, terminal_id text, status text,
  reason_code text, occurred_at timestamptz, decided_at timestamptz, settled_at timestamptz, amounts jsonb, request jsonb,
  outcome jsonb, policy_version text, authorization_id text, pending_decision jsonb, settled_usage jsonb, reversal_id text,
  reversed_at timestamptz`;

function chargeRow(c: ChargeRecord): Record<string, unknown> {
  return {
    charge_id: c.chargeId,
    content_hash: c.contentHash,
    patient_id: c.patientId,
    merchant_id: c.merchantId,
    terminal_id: c.terminalId,
    status: c.status,
    reason_code: c.reasonCode,
    occurred_at: c.occurredAt,
    decided_at: c.decidedAt,
    settled_at: c.settledAt,
    amounts: c.amounts,
    request: c.request,
    outcome: c.outcome,
    policy_version: c.policyVersion,
    authorization_id: c.authorizationId,
    pending_decision: c.pendingDecision === null ? null : new RawJson(JSON.stringify(c.pendingDecision)),
    settled_usage: c.settledUsage === null ? null : new RawJson(toTaggedJson(c.settledUsage)),
    reversal_id: c.reversalId,
    reversed_at: c.reversedAt,
  };
}

async function writeCharges(tx: EntityManager, s: SettlementState): Promise<void> {
  const rowsOf = (ids: Iterable<string>) => jsonRecordset([...ids].map((id) => chargeRow(s.charges.get(id)!)));
  if (s.newCharges.size) {
    await tx.query(
      `INSERT INTO charges (${CHARGE_COLUMNS}) SELECT ${CHARGE_COLUMNS} FROM json_to_recordset($1::json) AS v(${CHARGE_RECORD})`,
      [rowsOf(s.newCharges)],
    );
  }
  if (s.changedCharges.size) {
    await tx.query(
      `UPDATE charges c SET status = v.status, reason_code = v.reason_code, settled_at = v.settled_at, amounts = v.amounts,
         outcome = v.outcome, policy_version = v.policy_version, authorization_id = v.authorization_id,
         pending_decision = v.pending_decision, settled_usage = v.settled_usage, reversal_id = v.reversal_id,
         reversed_at = v.reversed_at
       FROM json_to_recordset($1::json) AS v(${CHARGE_RECORD}) WHERE c.charge_id = v.charge_id`,
      [rowsOf(s.changedCharges)],
    );
  }
}

async function writeLegs(tx: EntityManager, s: SettlementState): Promise<void> {
  if (s.newLegs.length) {
    const rows = s.newLegs.map((x) => ({
      charge_id: x.chargeId,
      leg_no: x.legNo,
      account_id: x.accountId,
      holder_id: x.holderId,
      binding_id: x.bindingId,
      relationship: x.relationship,
      amount_fen: x.amountFen,
      balance_after_fen: x.balanceAfterFen,
      month_key: x.monthKey,
      status: x.status,
    }));
    await tx.query(
      `INSERT INTO settlement_legs (charge_id, leg_no, account_id, holder_id, binding_id, relationship, amount_fen,
         balance_after_fen, month_key, status)
       SELECT charge_id, leg_no, account_id, holder_id, binding_id, relationship, amount_fen, balance_after_fen,
         month_key, status
       FROM json_to_recordset($1::json) AS v(charge_id text, leg_no int, account_id text, holder_id text,
         binding_id text, relationship text, amount_fen bigint, balance_after_fen bigint, month_key char(7), status text)`,
      [jsonRecordset(rows)],
    );
  }
  if (s.changedLegs.size) {
    const rows = [...s.changedLegs].map((x) => ({
      charge_id: x.chargeId,
      leg_no: x.legNo,
      status: x.status,
      amount: x.amountFen,
      after: x.balanceAfterFen,
    }));
    await tx.query(
      `UPDATE settlement_legs t SET status = v.status, amount_fen = v.amount, balance_after_fen = v.after
       FROM json_to_recordset($1::json) AS v(charge_id text, leg_no int, status text, amount bigint, after bigint)
       WHERE t.charge_id = v.charge_id AND t.leg_no = v.leg_no`,
      [jsonRecordset(rows)],
    );
  }
}

async function writeAuthorizations(tx: EntityManager, s: SettlementState): Promise<void> {
  if (s.newAuthorizations.size) {
    const rows = [...s.newAuthorizations].map((id) => {
      const x = s.authorizations.get(id)!;
      return {
        authorization_id: x.authorizationId,
        charge_id: x.chargeId,
        holder_id: x.holderId,
        binding_id: x.bindingId,
        requested_fen: x.requestedFen,
        status: x.status,
        expires_at: x.expiresAt,
        decided_at: x.decidedAt,
      };
    });
    await tx.query(
      `INSERT INTO authorizations (authorization_id, charge_id, holder_id, binding_id, requested_fen, status, expires_at, decided_at)
       SELECT authorization_id, charge_id, holder_id, binding_id, requested_fen, status, expires_at, decided_at
       FROM json_to_recordset($1::json) AS v(authorization_id text, charge_id text, holder_id text, binding_id text,
         requested_fen bigint, status text, expires_at timestamptz, decided_at timestamptz)`,
      [jsonRecordset(rows)],
    );
  }
  if (s.changedAuthorizations.size) {
    const rows = [...s.changedAuthorizations].map((id) => {
      const x = s.authorizations.get(id)!;
      return { id: x.authorizationId, status: x.status, decided_at: x.decidedAt };
    });
    await tx.query(
      `UPDATE authorizations t SET status = v.status, decided_at = v.decided_at
       FROM json_to_recordset($1::json) AS v(id text, status text, decided_at timestamptz) WHERE t.authorization_id = v.id`,
      [jsonRecordset(rows)],
    );
  }
}

async function writeReversals(tx: EntityManager, s: SettlementState): Promise<void> {
  if (!s.newReversals.size) return;
  const rows = [...s.newReversals].map((id) => {
    const x = s.reversals.get(id)!;
    return {
      reversal_id: x.reversalId,
      charge_id: x.chargeId,
      content_hash: x.contentHash,
      merchant_id: x.merchantId,
      patient_id: x.patientId,
      status: x.status,
      reason_code: x.reasonCode,
      request: x.request,
      outcome: x.outcome,
    };
  });
  await tx.query(
    `INSERT INTO reversals (reversal_id, charge_id, content_hash, merchant_id, patient_id, status, reason_code, request, outcome)
     SELECT reversal_id, charge_id, content_hash, merchant_id, patient_id, status, reason_code, request, outcome
     FROM json_to_recordset($1::json) AS v(reversal_id text, charge_id text, content_hash text, merchant_id text,
       patient_id text, status text, reason_code text, request jsonb, outcome jsonb)`,
    [jsonRecordset(rows)],
  );
}

async function writeOffsets(tx: EntityManager, s: SettlementState, consumerGroup: string): Promise<void> {
  if (!s.offsets.size) return;
  const rows = [...s.offsets.values()].map((x) => ({
    topic: x.topic,
    partition: x.partition,
    next_offset: x.nextOffset,
  }));
  await tx.query(
    `INSERT INTO processed_offsets (consumer_group, topic, partition, next_offset)
     SELECT $1, topic, partition, next_offset
       FROM json_to_recordset($2::json) AS v(topic text, partition int, next_offset bigint)
     ON CONFLICT (consumer_group, topic, partition) DO UPDATE
       SET next_offset = GREATEST(processed_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
    [consumerGroup, jsonRecordset(rows)],
  );
}
