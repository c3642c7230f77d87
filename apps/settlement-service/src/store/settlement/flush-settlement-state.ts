import { stringifyWithBigint } from '../../shared/json/json-with-bigint';
import { addOutboxEvents } from '../outbox-writer';
import { Column, CombinedWrite } from '../combined-write';
import { addJournalEntries } from '../journal-writer';
import { RawJson } from '../../shared/json/raw-json';
import { toTaggedJson } from '../../shared/json/tagged-json';
import { ChargeRecord } from '../../application/settlement/settlement-records';
import { SettlementState } from '../../application/settlement/settlement-state';
import { SqlRunner } from '../sql-runner';

/**
 * Writes everything a batch changed in one round trip (a set-based part per table, each taking
 * its rows as one binary array parameter per column: see combined-write.ts) and returns the
 * outbox rows it inserted. Every part is there even with no rows (empty arrays cost next to
 * nothing), so the statement's text never changes: it is prepared once per connection instead
 * of planned per batch. Inserts of new charges, reversals and authorizations fail on a
 * concurrent insert of the same id; the whole transaction is then retried and sees the other
 * one's row.
 */
export function flushSettlementState(
  sql: SqlRunner,
  s: SettlementState,
  consumerGroup: string,
): Promise<InsertedOutboxRow[]> {
  // Everything is taken from the state here, before anything is sent: the caller may go on
  // changing the state while this write runs (a long batch is written in parts).
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
  const contributions = contributionsWrite(s);
  return sendWrites(sql, contributions, w);
}

/**
 * Both statements are queued on the connection before either is awaited: the connection runs them
 * in that order, and a later flush's statements (queued while this one runs) after them. Awaiting
 * the first before queuing the second would let a later flush's write overtake this one.
 */
async function sendWrites(
  sql: SqlRunner,
  contributions: CombinedWrite | null,
  w: CombinedWrite,
): Promise<InsertedOutboxRow[]> {
  const first = contributions ? contributions.run(sql) : Promise.resolve([]);
  const main = w.run<InsertedOutboxRow>(
    sql,
    'SELECT id, event_id FROM outbox_events UNION ALL SELECT id, event_id FROM outbox_conflicts',
  );
  // The first to fail is the cause (the other then fails as "transaction aborted").
  const [, rows] = await Promise.all([first, main]);
  return rows;
}

/** An outbox row this batch inserted (a conflict answer given before is not inserted again). */
export interface InsertedOutboxRow {
  id: string;
  event_id: string;
}

/** JSON text of a value (it may hold bigint fen), serialized once unless it is text already. */
const jsonText = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof RawJson ? v.text : stringifyWithBigint(v);

function writeAccounts(w: CombinedWrite, s: SettlementState): void {
  const rows = [...s.changedAccounts].map((id) => {
    const a = s.account(id);
    return { id: a.accountId, balance: a.balanceFen, held: a.heldFen };
  });
  w.add(
    `UPDATE accounts a SET balance_fen = v.balance, held_fen = v.held, updated_at = now()
     FROM ${w.rows(rows, { id: ['text', (r) => r.id], balance: ['int8', (r) => r.balance], held: ['int8', (r) => r.held] })} AS v
     WHERE a.account_id = v.id`,
  );
}

function writeUsage(w: CombinedWrite, s: SettlementState): void {
  const rows = [...s.changedUsage].map((k) => {
    const [bindingId, month] = k.split('|');
    const holderId = s.bindings.get(bindingId)?.holderId;
    if (!holderId) throw new Error('usage changed on a binding that was not loaded');
    return { bindingId, month, holderId, usedFen: s.bindingUsage.get(k) ?? 0n };
  });
  w.add(
    w.insertRows(
      'monthly_usage',
      rows,
      {
        binding_id: ['text', (r) => r.bindingId],
        month_key: ['text', (r) => r.month],
        holder_id: ['text', (r) => r.holderId],
        used_fen: ['int8', (r) => r.usedFen],
      },
      'ON CONFLICT (binding_id, month_key) DO UPDATE SET used_fen = EXCLUDED.used_fen',
    ),
  );
}

/** A charge's row: every column of `charges`, read from its record. */
const CHARGE_COLUMNS: Readonly<Record<string, Column<ChargeRecord>>> = {
  charge_id: ['text', (c) => c.chargeId],
  content_hash: ['text', (c) => c.contentHash],
  patient_id: ['text', (c) => c.patientId],
  merchant_id: ['text', (c) => c.merchantId],
  terminal_id: ['text', (c) => c.terminalId],
  status: ['text', (c) => c.status],
  reason_code: ['text', (c) => c.reasonCode],
  occurred_at: ['timestamptz', (c) => c.occurredAt],
  decided_at: ['timestamptz', (c) => c.decidedAt],
  settled_at: ['timestamptz', (c) => c.settledAt],
  medfee_sumamt_fen: ['int8', (c) => c.amounts?.medfeeSumamtFen],
  fund_pay_sumamt_fen: ['int8', (c) => c.amounts?.fundPaySumamtFen],
  psn_part_amt_fen: ['int8', (c) => c.amounts?.psnPartAmtFen],
  ineligible_fen: ['int8', (c) => c.amounts?.ineligibleFen],
  acct_pay_fen: ['int8', (c) => c.amounts?.acctPayFen],
  acct_mulaid_pay_fen: ['int8', (c) => c.amounts?.acctMulaidPayFen],
  psn_cash_pay_fen: ['int8', (c) => c.amounts?.psnCashPayFen],
  request: ['json', (c) => jsonText(c.request)],
  outcome: ['json', (c) => jsonText(c.outcome)],
  policy_version: ['text', (c) => c.policyVersion],
  authorization_id: ['text', (c) => c.authorizationId],
  pending_decision: ['json', (c) => (c.pendingDecision === null ? null : JSON.stringify(c.pendingDecision))],
  settled_usage: ['json', (c) => (c.settledUsage === null ? null : toTaggedJson(c.settledUsage))],
  reversal_id: ['text', (c) => c.reversalId],
  reversed_at: ['timestamptz', (c) => c.reversedAt],
};
/** Every stored column of a charge, in one place for the write and the read (load-settlement-state.ts). */
export const CHARGE_COLUMN_NAMES: readonly string[] = Object.keys(CHARGE_COLUMNS);
/** What a change of a known charge may write: never its request, nor what it came with. */
const CHARGE_CHANGED = [
  'status',
  'reason_code',
  'settled_at',
  'medfee_sumamt_fen',
  'fund_pay_sumamt_fen',
  'psn_part_amt_fen',
  'ineligible_fen',
  'acct_pay_fen',
  'acct_mulaid_pay_fen',
  'psn_cash_pay_fen',
  'outcome',
  'policy_version',
  'authorization_id',
  'pending_decision',
  'settled_usage',
  'reversal_id',
  'reversed_at',
];
const CHARGE_CHANGE_COLUMNS = Object.fromEntries(
  ['charge_id', ...CHARGE_CHANGED].map((name) => [name, CHARGE_COLUMNS[name]]),
);

function writeCharges(w: CombinedWrite, s: SettlementState): void {
  const chargesOf = (ids: Iterable<string>) => [...ids].map((id) => s.charges.get(id)!);
  w.add(w.insertRows('charges', chargesOf(s.newCharges), CHARGE_COLUMNS));
  w.add(
    `UPDATE charges c SET ${CHARGE_CHANGED.map((n) => `${n} = v.${n}`).join(', ')}
     FROM ${w.rows(chargesOf(s.changedCharges), CHARGE_CHANGE_COLUMNS)} AS v WHERE c.charge_id = v.charge_id`,
  );
}

function writeLegs(w: CombinedWrite, s: SettlementState): void {
  w.add(
    w.insertRows('settlement_legs', s.newLegs, {
      charge_id: ['text', (x) => x.chargeId],
      leg_no: ['int4', (x) => x.legNo],
      account_id: ['text', (x) => x.accountId],
      holder_id: ['text', (x) => x.holderId],
      binding_id: ['text', (x) => x.bindingId],
      relationship: ['text', (x) => x.relationship],
      amount_fen: ['int8', (x) => x.amountFen],
      balance_after_fen: ['int8', (x) => x.balanceAfterFen],
      month_key: ['text', (x) => x.monthKey],
      status: ['text', (x) => x.status],
    }),
  );
  w.add(
    `UPDATE settlement_legs t SET status = v.status, amount_fen = v.amount, balance_after_fen = v.after
     FROM ${w.rows([...s.changedLegs], {
       charge_id: ['text', (x) => x.chargeId],
       leg_no: ['int4', (x) => x.legNo],
       status: ['text', (x) => x.status],
       amount: ['int8', (x) => x.amountFen],
       after: ['int8', (x) => x.balanceAfterFen],
     })} AS v
     WHERE t.charge_id = v.charge_id AND t.leg_no = v.leg_no`,
  );
}

function writeAuthorizations(w: CombinedWrite, s: SettlementState): void {
  const authorizationsOf = (ids: Iterable<string>) => [...ids].map((id) => s.authorizations.get(id)!);
  w.add(
    w.insertRows('authorizations', authorizationsOf(s.newAuthorizations), {
      authorization_id: ['text', (x) => x.authorizationId],
      charge_id: ['text', (x) => x.chargeId],
      holder_id: ['text', (x) => x.holderId],
      binding_id: ['text', (x) => x.bindingId],
      requested_fen: ['int8', (x) => x.requestedFen],
      status: ['text', (x) => x.status],
      expires_at: ['timestamptz', (x) => x.expiresAt],
      decided_at: ['timestamptz', (x) => x.decidedAt],
    }),
  );
  w.add(
    `UPDATE authorizations t SET status = v.status, decided_at = v.decided_at
     FROM ${w.rows(authorizationsOf(s.changedAuthorizations), {
       id: ['text', (x) => x.authorizationId],
       status: ['text', (x) => x.status],
       decided_at: ['timestamptz', (x) => x.decidedAt],
     })} AS v
     WHERE t.authorization_id = v.id`,
  );
}

function writeReversals(w: CombinedWrite, s: SettlementState): void {
  w.add(
    w.insertRows(
      'reversals',
      [...s.newReversals].map((id) => s.reversals.get(id)!),
      {
        reversal_id: ['text', (x) => x.reversalId],
        charge_id: ['text', (x) => x.chargeId],
        content_hash: ['text', (x) => x.contentHash],
        merchant_id: ['text', (x) => x.merchantId],
        patient_id: ['text', (x) => x.patientId],
        status: ['text', (x) => x.status],
        reason_code: ['text', (x) => x.reasonCode],
        request: ['json', (x) => jsonText(x.request)],
        outcome: ['json', (x) => jsonText(x.outcome)],
      },
    ),
  );
  // An early reversal refused once its charge came from another merchant.
  w.add(
    `UPDATE reversals t SET status = v.status, reason_code = v.reason_code, outcome = v.outcome
       FROM ${w.rows(
         [...s.changedReversals].map((id) => s.reversals.get(id)!),
         {
           id: ['text', (x) => x.reversalId],
           status: ['text', (x) => x.status],
           reason_code: ['text', (x) => x.reasonCode],
           outcome: ['json', (x) => jsonText(x.outcome)],
         },
       )} AS v
      WHERE t.reversal_id = v.id`,
  );
}

function writeOffsets(w: CombinedWrite, s: SettlementState, consumerGroup: string): void {
  w.add(
    `INSERT INTO processed_offsets (consumer_group, topic, partition, next_offset)
     SELECT ${w.param(consumerGroup)}::text, topic, partition, next_offset
       FROM ${w.rows([...s.offsets.values()], {
         topic: ['text', (x) => x.topic],
         partition: ['int4', (x) => x.partition],
         next_offset: ['int8', (x) => x.nextOffset],
       })} AS v
     ON CONFLICT (consumer_group, topic, partition) DO UPDATE
       SET next_offset = GREATEST(processed_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
  );
}

/**
 * Contributions a batch decided or refunded: a statement of its own, only when there are any (the
 * combined write's text stays that of the charges' hot path). Written before the combined write:
 * the partial unique index on paid ones is the last word on "one paid per beneficiary, scheme and
 * period" when two holders pay for the same relative at once.
 */
function contributionsWrite(s: SettlementState): CombinedWrite | null {
  if (s.newContributions.size === 0 && s.changedContributions.size === 0) return null;
  const of = (ids: Iterable<string>) => [...ids].map((id) => s.contributions.get(id)!);
  const w = new CombinedWrite();
  w.add(
    w.insertRows('contributions', of(s.newContributions), {
      contribution_id: ['text', (c) => c.contributionId],
      content_hash: ['text', (c) => c.contentHash],
      holder_id: ['text', (c) => c.holderId],
      beneficiary_id: ['text', (c) => c.beneficiaryId],
      relationship: ['text', (c) => c.relationship],
      scheme: ['text', (c) => c.scheme],
      period: ['text', (c) => c.period],
      amount_fen: ['int8', (c) => c.amountFen],
      payee_id: ['text', (c) => c.payeeId],
      status: ['text', (c) => c.status],
      reason_code: ['text', (c) => c.reasonCode],
      requested_at: ['timestamptz', (c) => c.requestedAt],
      decided_at: ['timestamptz', (c) => c.decidedAt],
      policy_version: ['text', (c) => c.policyVersion],
      balance_after_fen: ['int8', (c) => c.balanceAfterFen],
      request: ['json', (c) => jsonText(c.request)],
      outcome: ['json', (c) => jsonText(c.outcome)],
    }),
  );
  w.add(
    `UPDATE contributions t SET status = v.status, refund_id = v.refund_id, refund_reason = v.refund_reason,
            refunded_at = v.refunded_at, refund_outcome = v.refund_outcome
       FROM ${w.rows(of(s.changedContributions), {
         id: ['text', (c) => c.contributionId],
         status: ['text', (c) => c.status],
         refund_id: ['text', (c) => c.refundId],
         refund_reason: ['text', (c) => c.refundReason],
         refunded_at: ['timestamptz', (c) => c.refundedAt],
         refund_outcome: ['json', (c) => jsonText(c.refundOutcome)],
       })} AS v
      WHERE t.contribution_id = v.id`,
  );
  return w;
}
