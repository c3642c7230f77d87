import { EntityManager } from 'typeorm';
import { addOutboxEvents } from '../outbox/outbox-writer';
import { CombinedWrite } from '../persistence/combined-write';
import { addJournalEntries } from '../persistence/journal-writer';
import { RawJson, RecordsetValue, jsonRecordset } from '../persistence/json-recordset';
import { stringifyWithBigint } from '../outbox/json-with-bigint';
import { toTaggedJson } from '../persistence/tagged-json';
import { ChargeRecord } from './settlement-records';
import { SettlementState } from './settlement-state';

/**
 * Writes everything a batch changed in one round trip (a set-based part per table, each taking
 * its rows as one JSON parameter: see combined-write.ts and json-recordset.ts) and returns the
 * outbox rows it inserted. Every part is there even with no rows (an empty array costs next to
 * nothing), so the statement's text never changes: it is prepared once per connection instead
 * of planned per batch. Inserts of new charges, reversals and authorizations fail on a
 * concurrent insert of the same id; the whole transaction is then retried and sees the other
 * one's row.
 */
export async function flushSettlementState(
  tx: EntityManager,
  s: SettlementState,
  consumerGroup: string,
): Promise<InsertedOutboxRow[]> {
  const w = new CombinedWrite();
  writeAccounts(w, s);
  writeUsage(w, s);
  writeCharges(w, s);
  writeLegs(w, s);
  writeAuthorizations(w, s);
  writeReversals(w, s);
  addJournalEntries(w, s.journal);
  addOutboxEvents(w, s.events, { ignoreDuplicates: false, name: 'outbox_events' });
  addOutboxEvents(w, s.conflictEvents, { ignoreDuplicates: true, name: 'outbox_conflicts' });
  writeOffsets(w, s, consumerGroup);
  return w.run<InsertedOutboxRow>(
    tx,
    'SELECT id, event_id FROM outbox_events UNION ALL SELECT id, event_id FROM outbox_conflicts',
  );
}

/** An outbox row this batch inserted (a conflict answer given before is not inserted again). */
export interface InsertedOutboxRow {
  id: string;
  event_id: string;
}

function writeAccounts(w: CombinedWrite, s: SettlementState): void {
  const rows = [...s.changedAccounts].map((id) => {
    const a = s.account(id);
    return { id: a.accountId, balance: a.balanceFen, held: a.heldFen };
  });
  w.add(
    `UPDATE accounts a SET balance_fen = v.balance, held_fen = v.held, updated_at = now()
     FROM json_to_recordset(${w.param(jsonRecordset(rows))}::json) AS v(id text, balance bigint, held bigint) WHERE a.account_id = v.id`,
  );
}

function writeUsage(w: CombinedWrite, s: SettlementState): void {
  const rows = [...s.changedUsage].map((k) => {
    const [bindingId, month] = k.split('|');
    const holderId = s.bindings.get(bindingId)?.holderId;
    if (!holderId) throw new Error('usage changed on a binding that was not loaded');
    return { binding_id: bindingId, month_key: month, holder_id: holderId, used_fen: s.bindingUsage.get(k) ?? 0n };
  });
  w.add(
    `INSERT INTO monthly_usage (binding_id, month_key, holder_id, used_fen)
     SELECT binding_id, month_key, holder_id, used_fen
       FROM json_to_recordset(${w.param(jsonRecordset(rows))}::json) AS v(binding_id text, month_key char(7), holder_id text, used_fen bigint)
     ON CONFLICT (binding_id, month_key) DO UPDATE SET used_fen = EXCLUDED.used_fen`,
  );
}

/** Every column but the two large texts, request and outcome, which go as text[] (see chargeRows). */
const CHARGE_SMALL_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ['charge_id', 'text'],
  ['content_hash', 'text'],
  ['patient_id', 'text'],
  ['merchant_id', 'text'],
  ['terminal_id', 'text'],
  ['status', 'text'],
  ['reason_code', 'text'],
  ['occurred_at', 'timestamptz'],
  ['decided_at', 'timestamptz'],
  ['settled_at', 'timestamptz'],
  ['medfee_sumamt_fen', 'bigint'],
  ['fund_pay_sumamt_fen', 'bigint'],
  ['psn_part_amt_fen', 'bigint'],
  ['ineligible_fen', 'bigint'],
  ['acct_pay_fen', 'bigint'],
  ['acct_mulaid_pay_fen', 'bigint'],
  ['psn_cash_pay_fen', 'bigint'],
  ['policy_version', 'text'],
  ['authorization_id', 'text'],
  // json, not jsonb: PostgreSQL converting each to jsonb was most of the cost of a charge's row.
  ['pending_decision', 'json'],
  ['settled_usage', 'json'],
  ['reversal_id', 'text'],
  ['reversed_at', 'timestamptz'],
];
const CHARGE_RECORD_SMALL = CHARGE_SMALL_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ');
const CHARGE_SMALL_NAMES = CHARGE_SMALL_COLUMNS.map(([n]) => n).join(', ');

/** Nested JSON (it may hold bigint fen), serialized once (if not text already) and spliced into the recordset. */
const jsonText = (v: unknown): RawJson | null =>
  v === null || v === undefined ? null : v instanceof RawJson ? v : new RawJson(stringifyWithBigint(v));

/** A charge as a row, without its request and outcome. */
function chargeRow(c: ChargeRecord): Record<string, RecordsetValue> {
  const a = c.amounts;
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
    medfee_sumamt_fen: a?.medfeeSumamtFen,
    fund_pay_sumamt_fen: a?.fundPaySumamtFen,
    psn_part_amt_fen: a?.psnPartAmtFen,
    ineligible_fen: a?.ineligibleFen,
    acct_pay_fen: a?.acctPayFen,
    acct_mulaid_pay_fen: a?.acctMulaidPayFen,
    psn_cash_pay_fen: a?.psnCashPayFen,
    policy_version: c.policyVersion,
    authorization_id: c.authorizationId,
    pending_decision: c.pendingDecision === null ? null : new RawJson(JSON.stringify(c.pendingDecision)),
    settled_usage: c.settledUsage === null ? null : new RawJson(toTaggedJson(c.settledUsage)),
    reversal_id: c.reversalId,
    reversed_at: c.reversedAt,
  };
}

const textOf = (v: unknown): string | null => jsonText(v)?.text ?? null;

/**
 * Charges as rows `v` for a FROM clause: the small columns as a recordset, the large texts
 * (`request` for an insert, always `outcome`; most of a charge's bytes) as text[] zipped with it
 * by position (ROWS FROM), all built from the same list. PostgreSQL then only checks their JSON
 * syntax when they go into the json columns, instead of also lexing them inside the recordset.
 */
function chargeRows(w: CombinedWrite, charges: readonly ChargeRecord[], withRequest: boolean): string {
  const recordset = `json_to_recordset(${w.param(jsonRecordset(charges.map(chargeRow)))}::json) AS (${CHARGE_RECORD_SMALL})`;
  const request = withRequest ? `unnest(${w.textArray(charges.map((c) => textOf(c.request)))}), ` : '';
  const outcome = `unnest(${w.textArray(charges.map((c) => textOf(c.outcome)))})`;
  return `ROWS FROM (${recordset}, ${request}${outcome}) AS v(${CHARGE_SMALL_NAMES}, ${withRequest ? 'request, ' : ''}outcome)`;
}

function writeCharges(w: CombinedWrite, s: SettlementState): void {
  const chargesOf = (ids: Iterable<string>) => [...ids].map((id) => s.charges.get(id)!);
  w.add(
    `INSERT INTO charges (${CHARGE_SMALL_NAMES}, request, outcome)
     SELECT ${CHARGE_SMALL_NAMES}, request::json, outcome::json FROM ${chargeRows(w, chargesOf(s.newCharges), true)}`,
  );
  // An update never changes the request.
  w.add(
    `UPDATE charges c SET status = v.status, reason_code = v.reason_code, settled_at = v.settled_at,
       medfee_sumamt_fen = v.medfee_sumamt_fen, fund_pay_sumamt_fen = v.fund_pay_sumamt_fen,
       psn_part_amt_fen = v.psn_part_amt_fen, ineligible_fen = v.ineligible_fen, acct_pay_fen = v.acct_pay_fen,
       acct_mulaid_pay_fen = v.acct_mulaid_pay_fen, psn_cash_pay_fen = v.psn_cash_pay_fen,
       outcome = v.outcome::json, policy_version = v.policy_version,
       authorization_id = v.authorization_id, pending_decision = v.pending_decision,
       settled_usage = v.settled_usage, reversal_id = v.reversal_id,
       reversed_at = v.reversed_at
     FROM ${chargeRows(w, chargesOf(s.changedCharges), false)} WHERE c.charge_id = v.charge_id`,
  );
}

function writeLegs(w: CombinedWrite, s: SettlementState): void {
  const added = s.newLegs.map((x) => ({
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
  w.add(
    `INSERT INTO settlement_legs (charge_id, leg_no, account_id, holder_id, binding_id, relationship, amount_fen,
       balance_after_fen, month_key, status)
     SELECT charge_id, leg_no, account_id, holder_id, binding_id, relationship, amount_fen, balance_after_fen,
       month_key, status
     FROM json_to_recordset(${w.param(jsonRecordset(added))}::json) AS v(charge_id text, leg_no int, account_id text, holder_id text,
       binding_id text, relationship text, amount_fen bigint, balance_after_fen bigint, month_key char(7), status text)`,
  );

  const changed = [...s.changedLegs].map((x) => ({
    charge_id: x.chargeId,
    leg_no: x.legNo,
    status: x.status,
    amount: x.amountFen,
    after: x.balanceAfterFen,
  }));
  w.add(
    `UPDATE settlement_legs t SET status = v.status, amount_fen = v.amount, balance_after_fen = v.after
     FROM json_to_recordset(${w.param(jsonRecordset(changed))}::json) AS v(charge_id text, leg_no int, status text, amount bigint, after bigint)
     WHERE t.charge_id = v.charge_id AND t.leg_no = v.leg_no`,
  );
}

function writeAuthorizations(w: CombinedWrite, s: SettlementState): void {
  const added = [...s.newAuthorizations].map((id) => {
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
  w.add(
    `INSERT INTO authorizations (authorization_id, charge_id, holder_id, binding_id, requested_fen, status, expires_at, decided_at)
     SELECT authorization_id, charge_id, holder_id, binding_id, requested_fen, status, expires_at, decided_at
     FROM json_to_recordset(${w.param(jsonRecordset(added))}::json) AS v(authorization_id text, charge_id text, holder_id text, binding_id text,
       requested_fen bigint, status text, expires_at timestamptz, decided_at timestamptz)`,
  );

  const changed = [...s.changedAuthorizations].map((id) => {
    const x = s.authorizations.get(id)!;
    return { id: x.authorizationId, status: x.status, decided_at: x.decidedAt };
  });
  w.add(
    `UPDATE authorizations t SET status = v.status, decided_at = v.decided_at
     FROM json_to_recordset(${w.param(jsonRecordset(changed))}::json) AS v(id text, status text, decided_at timestamptz) WHERE t.authorization_id = v.id`,
  );
}

function writeReversals(w: CombinedWrite, s: SettlementState): void {
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
      request: jsonText(x.request),
      outcome: jsonText(x.outcome),
    };
  });
  w.add(
    `INSERT INTO reversals (reversal_id, charge_id, content_hash, merchant_id, patient_id, status, reason_code, request, outcome)
     SELECT reversal_id, charge_id, content_hash, merchant_id, patient_id, status, reason_code, request, outcome
     FROM json_to_recordset(${w.param(jsonRecordset(rows))}::json) AS v(reversal_id text, charge_id text, content_hash text, merchant_id text,
       patient_id text, status text, reason_code text, request json, outcome json)`,
  );
}

function writeOffsets(w: CombinedWrite, s: SettlementState, consumerGroup: string): void {
  const rows = [...s.offsets.values()].map((x) => ({
    topic: x.topic,
    partition: x.partition,
    next_offset: x.nextOffset,
  }));
  w.add(
    `INSERT INTO processed_offsets (consumer_group, topic, partition, next_offset)
     SELECT ${w.param(consumerGroup)}::text, topic, partition, next_offset
       FROM json_to_recordset(${w.param(jsonRecordset(rows))}::json) AS v(topic text, partition int, next_offset bigint)
     ON CONFLICT (consumer_group, topic, partition) DO UPDATE
       SET next_offset = GREATEST(processed_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
  );
}
