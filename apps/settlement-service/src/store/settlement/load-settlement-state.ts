import { monthKey, UsageEntry } from '@gongji/domain';
import { fromTaggedJson } from '../../shared/json/tagged-json';
import { SqlRunner } from '../sql-runner';
import { CHARGE_COLUMN_NAMES } from './flush-settlement-state';
import { SettlementCommand } from '../../application/settlement/settlement-command';
import {
  AuthorizationRecord,
  BindingRecord,
  ChargeRecord,
  ContributionRecord,
  LegRecord,
  MutableAccount,
  Person,
  ReversalRecord,
} from '../../application/settlement/settlement-records';
import { authorizationIdFor } from '../../application/settlement/apply-charge';
import { SettlementState, paidContributionKey } from '../../application/settlement/settlement-state';

type Row = Record<string, unknown>;

const big = (v: unknown): bigint => BigInt(v as string);
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(v as string));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
const uniq = (xs: Iterable<string | null | undefined>): string[] =>
  [...new Set([...xs].filter((x): x is string => typeof x === 'string'))].sort();

/*
 * The columns each read needs, named rather than `*`: a known charge's or reversal's request (its
 * largest column) is never written again, so it is not read and parsed; nor are people's and
 * merchants' names, nor timestamps nobody uses. A read that returns several sets in one round
 * trip returns them as JSON (one parameterized statement, `json_agg` per set), amounts as text:
 * a bigint in JSON would become a floating-point number.
 */
const AUTHORIZATION_COLUMNS =
  'authorization_id, charge_id, holder_id, binding_id, requested_fen::text AS requested_fen, status, expires_at, decided_at';
const AMOUNT_COLUMNS = new Set([
  'medfee_sumamt_fen',
  'fund_pay_sumamt_fen',
  'psn_part_amt_fen',
  'ineligible_fen',
  'acct_pay_fen',
  'acct_mulaid_pay_fen',
  'psn_cash_pay_fen',
]);
const CHARGE_COLUMNS = CHARGE_COLUMN_NAMES.filter((name) => name !== 'request')
  .map((name) => (AMOUNT_COLUMNS.has(name) ? `${name}::text AS ${name}` : name))
  .join(', ');
const REVERSAL_COLUMNS = 'reversal_id, charge_id, content_hash, merchant_id, patient_id, status, reason_code, outcome';
const LEG_COLUMNS =
  'charge_id, leg_no, account_id, holder_id, binding_id, relationship, amount_fen::text AS amount_fen, ' +
  'balance_after_fen::text AS balance_after_fen, month_key, status';
const BINDING_COLUMNS =
  'binding_id, holder_id, beneficiary_id, relationship, monthly_limit_fen::text AS monthly_limit_fen, status, ' +
  'payment_order, policy_version, created_at';
/** A beneficiary's live bindings in payment order. */
const BINDING_ORDER = 'beneficiary_id, payment_order, created_at, binding_id';

/** `select` as a JSON array (`[]` for none): one of the sets a statement returns. */
const jsonSet = (select: string, orderBy = ''): string =>
  `(SELECT coalesce(json_agg(x${orderBy ? ` ORDER BY ${orderBy}` : ''}), '[]') FROM (${select}) x)`;

/**
 * The charges (locked), their reversals and the patients' live bindings: $1 charge ids, $2 reversal
 * ids, $3 patient ids. With $7 and no charge found (a batch of new charges, the common case), also
 * what settlement_read_people returns for the patients and their bindings' holders ($4 merchants,
 * $5 months, $6 lock): the same read as the separate one that follows otherwise, in this round
 * trip. It runs in the projection, which needs the charges' set first, so the charges are locked
 * before any account, as everywhere else.
 */
const chargeRead = (forUpdate: string): string => `SELECT c.charges, r.reversals, b.bindings,
  CASE WHEN $7::boolean AND json_array_length(c.charges) = 0
    THEN settlement_read_people($4::text[], $3::text[] || h.holders, '{}'::text[], h.holders, $5::text[], $6::boolean)
  END AS people
  FROM ${jsonSet(`SELECT ${CHARGE_COLUMNS} FROM charges WHERE charge_id = ANY($1::text[]) ORDER BY charge_id ${forUpdate}`)} AS c(charges)
  CROSS JOIN ${jsonSet(`SELECT ${REVERSAL_COLUMNS} FROM reversals WHERE reversal_id = ANY($2::text[]) OR charge_id = ANY($1::text[])`)} AS r(reversals)
  CROSS JOIN ${jsonSet(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE beneficiary_id = ANY($3::text[]) AND status <> 'REVOKED'`, BINDING_ORDER)} AS b(bindings)
  CROSS JOIN LATERAL (SELECT coalesce(array_agg(DISTINCT e->>'holder_id'), '{}') AS holders FROM json_array_elements(b.bindings) e) AS h`;
const CHARGE_READ = { lock: chargeRead('FOR UPDATE'), noLock: chargeRead('') };

/** What hangs on known charges: $1 the live ones' legs, $2 these authorizations, $3 these patients' bindings. */
const KNOWN_READ = `SELECT
  ${jsonSet(`SELECT ${LEG_COLUMNS} FROM settlement_legs WHERE charge_id = ANY($1::text[])`, 'charge_id, leg_no')} AS legs,
  ${jsonSet(`SELECT ${AUTHORIZATION_COLUMNS} FROM authorizations WHERE authorization_id = ANY($2::text[])`)} AS authorizations,
  ${jsonSet(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE beneficiary_id = ANY($3::text[]) AND status <> 'REVOKED'`, BINDING_ORDER)} AS bindings`;

const CONTRIBUTION_COLUMNS =
  'contribution_id, content_hash, holder_id, beneficiary_id, relationship, scheme, period, ' +
  'amount_fen::text AS amount_fen, payee_id, status, reason_code, requested_at, decided_at, policy_version, ' +
  'balance_after_fen::text AS balance_after_fen, outcome, refund_id, refund_reason, refunded_at, refund_outcome';

/**
 * Contributions by id (locked: $1), and those PAID for the beneficiaries, schemes and periods of
 * new requests ($2, $3, $4 zipped): one paid per key, which the partial unique index also holds.
 */
const CONTRIBUTION_READ = `SELECT
  ${jsonSet(`SELECT ${CONTRIBUTION_COLUMNS} FROM contributions WHERE contribution_id = ANY($1::text[]) ORDER BY contribution_id FOR UPDATE`)} AS contributions,
  ${jsonSet(`SELECT contribution_id, beneficiary_id, scheme, period FROM contributions
              WHERE status = 'PAID' AND (beneficiary_id, scheme, period) IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))`)} AS paid`;

/** Merchants, persons, accounts (locked when asked) and usage: settlement_read_people (a migration). */
const PEOPLE_READ = `SELECT settlement_read_people($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6) AS people`;

type Sets<K extends string> = Record<K, Row[]>;

/** A charge's seven amount columns (all set, or all NULL) as bigint fen. */
function amountsFrom(r: Row): ChargeRecord['amounts'] {
  if (r.acct_pay_fen === null || r.acct_pay_fen === undefined) return null;
  return {
    medfeeSumamtFen: big(r.medfee_sumamt_fen),
    fundPaySumamtFen: big(r.fund_pay_sumamt_fen),
    psnPartAmtFen: big(r.psn_part_amt_fen),
    ineligibleFen: big(r.ineligible_fen),
    acctPayFen: big(r.acct_pay_fen),
    acctMulaidPayFen: big(r.acct_mulaid_pay_fen),
    psnCashPayFen: big(r.psn_cash_pay_fen),
  };
}

/**
 * Loads what a batch of commands touches. Locks, always in this order to rule out deadlocks
 * between batches, expiry sweeps and HTTP decisions: authorizations, charges, then accounts,
 * each sorted by id. A batch of new charges takes one round trip: the charges (locked), their
 * reversals, the patients' bindings, and then merchants, persons, accounts (locked) and usage.
 * Charges that already exist read the people in a round trip of their own, after one for what
 * hangs on them (their legs, pending authorizations, other patients' bindings); answers to
 * authorizations add one before, a rare authorization's binding one more.
 */
export async function loadSettlementState(
  sql: SqlRunner,
  commands: readonly SettlementCommand[],
  now: Date,
  options: { lock: boolean } = { lock: true },
): Promise<SettlementState> {
  const s = new SettlementState();
  // A quote reads the same rows without locking them: it moves and holds nothing.
  const forUpdate = options.lock ? 'FOR UPDATE' : '';
  const month = monthKey(now);

  // A reversal of a pending charge changes its authorization: locked first, like a decision's
  // (its id follows from the chargeId), so the two never wait on each other in opposite orders.
  const authIds = uniq(
    commands.map((c) =>
      c.kind === 'decision' || c.kind === 'expire'
        ? c.authorizationId
        : c.kind === 'reversal'
          ? authorizationIdFor(c.reversal.chargeId)
          : null,
    ),
  );
  if (authIds.length) {
    const rows = await sql.query<Row>(
      `SELECT ${AUTHORIZATION_COLUMNS} FROM authorizations WHERE authorization_id = ANY($1::text[])
        ORDER BY authorization_id ${forUpdate}`,
      [authIds],
    );
    for (const r of rows) s.authorizations.set(r.authorization_id as string, authorizationFrom(r));
  }

  const chargeIds = uniq([
    ...commands.map((c) =>
      c.kind === 'charge' || c.kind === 'invalid-charge'
        ? c.chargeId
        : c.kind === 'reversal'
          ? c.reversal.chargeId
          : null,
    ),
    ...[...s.authorizations.values()].map((a) => a.chargeId),
  ]);
  const reversalIds = uniq(
    commands.map((c) => (c.kind === 'reversal' || c.kind === 'invalid-reversal' ? c.reversalId : null)),
  );
  const commandPatientIds = uniq(commands.map((c) => (c.kind === 'charge' ? c.charge.patientId : null)));
  const commandMerchantIds = uniq(commands.map((c) => (c.kind === 'charge' ? c.charge.merchantId : null)));
  // Without authorizations or contributions, and (the read checks) without known charges, the
  // people are the patients and their bindings' holders: read in the same round trip.
  const peopleToo = s.authorizations.size === 0 && !commands.some(isContributionCommand);
  const [chargeSets] = await sql.query<
    Sets<'charges' | 'reversals' | 'bindings'> & { people: Sets<'merchants' | 'persons' | 'accounts' | 'usage'> | null }
  >(options.lock ? CHARGE_READ.lock : CHARGE_READ.noLock, [
    chargeIds,
    reversalIds,
    commandPatientIds,
    commandMerchantIds,
    [month],
    options.lock,
    peopleToo,
  ]);
  for (const r of chargeSets.charges) s.charges.set(r.charge_id as string, chargeFrom(r));
  for (const r of chargeSets.reversals) {
    const rec = reversalFrom(r);
    s.reversals.set(rec.reversalId, rec);
    if (rec.status !== 'REJECTED' && rec.chargeId) s.reversalByCharge.set(rec.chargeId, rec);
  }
  addBindings(s, chargeSets.bindings);
  if (chargeSets.people) {
    addPeople(s, chargeSets.people);
    return s;
  }

  // Only when charges already exist (redeliveries, reversals, answers): what hangs on them.
  const known = [...s.charges.values()];
  const live = uniq(
    known.filter((c) => c.status === 'SETTLED' || c.status === 'PENDING_AUTHORIZATION').map((c) => c.chargeId),
  );
  // Pending charges touched through a reversal need their authorization too.
  const pendingWithoutAuth = uniq(
    known.map((c) => (c.status === 'PENDING_AUTHORIZATION' ? c.authorizationId : null)),
  ).filter((id) => !s.authorizations.has(id));
  const commandPatients = new Set(commandPatientIds);
  const otherPatientIds = uniq(known.map((c) => c.patientId)).filter((id) => !commandPatients.has(id));
  if (live.length || pendingWithoutAuth.length || otherPatientIds.length) {
    const [knownSets] = await sql.query<Sets<'legs' | 'authorizations' | 'bindings'>>(KNOWN_READ, [
      live,
      pendingWithoutAuth,
      otherPatientIds,
    ]);
    for (const r of knownSets.legs) {
      const leg = legFrom(r);
      const list = s.legsByCharge.get(leg.chargeId) ?? [];
      list.push(leg);
      s.legsByCharge.set(leg.chargeId, list);
    }
    for (const r of knownSets.authorizations) s.authorizations.set(r.authorization_id as string, authorizationFrom(r));
    addBindings(s, knownSets.bindings);
  }

  const authBindingIds = uniq([...s.authorizations.values()].map((a) => a.bindingId)).filter(
    (id) => !s.bindings.has(id),
  );
  if (authBindingIds.length) {
    const rows = await sql.query<Row>(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE binding_id = ANY($1::text[])`, [
      authBindingIds,
    ]);
    for (const r of rows) {
      const b = bindingFrom(r);
      s.bindings.set(b.bindingId, b);
    }
  }

  await loadContributions(sql, s, commands);

  const merchantIds = uniq([...commandMerchantIds, ...known.map((c) => c.merchantId)]);
  const patientIds = uniq([...commandPatientIds, ...otherPatientIds]);
  const legs = [...s.legsByCharge.values()].flat();
  const personIds = uniq([
    ...patientIds,
    ...[...s.bindings.values()].map((b) => b.holderId),
    ...legs.map((l) => l.holderId),
    ...[...s.authorizations.values()].map((a) => a.holderId),
    ...contributionParties(s, commands),
  ]);
  const months = uniq([month, ...legs.map((l) => l.monthKey)]);
  const holderIds = uniq([...[...s.bindings.values()].map((b) => b.holderId), ...legs.map((l) => l.holderId)]);
  if (personIds.length || merchantIds.length) {
    const [{ people }] = await sql.query<{ people: Sets<'merchants' | 'persons' | 'accounts' | 'usage'> }>(
      PEOPLE_READ,
      [merchantIds, personIds, uniq(legs.map((l) => l.accountId)), holderIds, months, options.lock],
    );
    addPeople(s, people);
  }
  return s;
}

type ContributionCommand = Extract<
  SettlementCommand,
  { kind: 'contribution' | 'invalid-contribution' | 'contribution-refund' }
>;

function isContributionCommand(c: SettlementCommand): c is ContributionCommand {
  return c.kind === 'contribution' || c.kind === 'invalid-contribution' || c.kind === 'contribution-refund';
}

/** Locked before any account (authorizations → charges → contributions → accounts). */
async function loadContributions(
  sql: SqlRunner,
  s: SettlementState,
  commands: readonly SettlementCommand[],
): Promise<void> {
  const ids = uniq(commands.map((c) => (isContributionCommand(c) ? c.contributionId : null)));
  if (ids.length === 0) return;
  const requests = commands.flatMap((c) => (c.kind === 'contribution' ? [c.contribution] : []));
  const [sets] = await sql.query<Sets<'contributions' | 'paid'>>(CONTRIBUTION_READ, [
    ids,
    requests.map((r) => r.beneficiaryId),
    requests.map((r) => r.scheme),
    requests.map((r) => r.period),
  ]);
  for (const r of sets.contributions) s.contributions.set(r.contribution_id as string, contributionFrom(r));
  for (const r of sets.paid) {
    const key = paidContributionKey(r.beneficiary_id as string, r.scheme as string, r.period as string);
    s.paidContributions.set(key, r.contribution_id as string);
  }
}

/** Holders (their accounts pay or are refunded) and beneficiaries (their regions are judged). */
function contributionParties(s: SettlementState, commands: readonly SettlementCommand[]): string[] {
  return commands.flatMap((c) => {
    if (c.kind === 'contribution') return [c.contribution.holderId, c.contribution.beneficiaryId];
    if (c.kind === 'contribution-refund') {
      const holderId = s.contributions.get(c.contributionId)?.holderId;
      return holderId ? [holderId] : [];
    }
    return [];
  });
}

function contributionFrom(r: Row): ContributionRecord {
  return {
    contributionId: r.contribution_id as string,
    contentHash: r.content_hash as string,
    holderId: (r.holder_id as string) ?? null,
    beneficiaryId: (r.beneficiary_id as string) ?? null,
    relationship: (r.relationship as string) ?? null,
    scheme: (r.scheme as string) ?? null,
    period: (r.period as string) ?? null,
    amountFen: bigOrNull(r.amount_fen),
    payeeId: (r.payee_id as string) ?? null,
    status: r.status as ContributionRecord['status'],
    reasonCode: (r.reason_code as string) ?? null,
    requestedAt: dateOrNull(r.requested_at),
    decidedAt: new Date(r.decided_at as string),
    policyVersion: (r.policy_version as string) ?? null,
    balanceAfterFen: bigOrNull(r.balance_after_fen),
    request: null,
    outcome: r.outcome,
    refundId: (r.refund_id as string) ?? null,
    refundReason: (r.refund_reason as string) ?? null,
    refundedAt: dateOrNull(r.refunded_at),
    refundOutcome: r.refund_outcome ?? null,
  };
}

function addPeople(s: SettlementState, people: Sets<'merchants' | 'persons' | 'accounts' | 'usage'>): void {
  for (const r of people.merchants) {
    s.merchants.set(r.merchant_id as string, {
      merchantId: r.merchant_id as string,
      kind: r.kind as 'PHARMACY',
      regionCode: r.region_code as string,
      designated: r.designated as boolean,
    });
  }
  for (const r of people.persons) s.persons.set(r.person_id as string, personFrom(r));
  for (const r of people.accounts) {
    const a: MutableAccount = {
      accountId: r.account_id as string,
      personId: r.person_id as string,
      balanceFen: big(r.balance_fen),
      heldFen: big(r.held_fen),
      reserveFen: big(r.reserve_fen),
      reserveRatioPercent: (r.reserve_ratio_percent as number | null) ?? null,
      relativesMonthlyLimitFen: bigOrNull(r.relatives_monthly_limit_fen),
    };
    s.accounts.set(a.accountId, a);
    s.accountIdByPerson.set(a.personId, a.accountId);
  }
  for (const r of people.usage) {
    const used = big(r.used_fen);
    s.bindingUsage.set(`${r.binding_id as string}|${r.month_key as string}`, used);
    const hKey = `${r.holder_id as string}|${r.month_key as string}`;
    s.holderUsage.set(hKey, (s.holderUsage.get(hKey) ?? 0n) + used);
  }
}

function addBindings(s: SettlementState, rows: readonly Row[]): void {
  for (const r of rows) {
    const b = bindingFrom(r);
    s.bindings.set(b.bindingId, b);
    const list = s.bindingsByBeneficiary.get(b.beneficiaryId) ?? [];
    list.push(b);
    s.bindingsByBeneficiary.set(b.beneficiaryId, list);
  }
}

function bindingFrom(r: Row): BindingRecord {
  return {
    bindingId: r.binding_id as string,
    holderId: r.holder_id as string,
    beneficiaryId: r.beneficiary_id as string,
    relationship: r.relationship as BindingRecord['relationship'],
    monthlyLimitFen: bigOrNull(r.monthly_limit_fen),
    status: r.status as BindingRecord['status'],
    paymentOrder: r.payment_order as number,
    policyVersion: r.policy_version as string,
  };
}

function personFrom(r: Row): Person {
  const fraud = r.fraud_record_at as Date | string | null;
  return {
    personId: r.person_id as string,
    regionCode: r.region_code as string,
    insuranceType: r.insurance_type as Person['insuranceType'],
    enrollmentStatus: r.enrollment_status as Person['enrollmentStatus'],
    fraudRecordAt:
      fraud === null ? null : typeof fraud === 'string' ? fraud.slice(0, 10) : fraud.toISOString().slice(0, 10),
  };
}

function chargeFrom(r: Row): ChargeRecord {
  return {
    chargeId: r.charge_id as string,
    contentHash: r.content_hash as string,
    patientId: (r.patient_id as string) ?? null,
    merchantId: (r.merchant_id as string) ?? null,
    terminalId: (r.terminal_id as string) ?? null,
    status: r.status as ChargeRecord['status'],
    reasonCode: (r.reason_code as string) ?? null,
    occurredAt: dateOrNull(r.occurred_at),
    decidedAt: new Date(r.decided_at as string),
    settledAt: dateOrNull(r.settled_at),
    amounts: amountsFrom(r),
    request: null,
    outcome: r.outcome,
    policyVersion: (r.policy_version as string) ?? null,
    authorizationId: (r.authorization_id as string) ?? null,
    pendingDecision: r.pending_decision ?? null,
    settledUsage: r.settled_usage ? fromTaggedJson<UsageEntry[]>(r.settled_usage) : null,
    reversalId: (r.reversal_id as string) ?? null,
    reversedAt: dateOrNull(r.reversed_at),
  };
}

function legFrom(r: Row): LegRecord {
  return {
    chargeId: r.charge_id as string,
    legNo: r.leg_no as number,
    accountId: r.account_id as string,
    holderId: r.holder_id as string,
    bindingId: (r.binding_id as string) ?? null,
    relationship: r.relationship as string,
    amountFen: big(r.amount_fen),
    balanceAfterFen: big(r.balance_after_fen),
    monthKey: r.month_key as string,
    status: r.status as LegRecord['status'],
  };
}

function authorizationFrom(r: Row): AuthorizationRecord {
  return {
    authorizationId: r.authorization_id as string,
    chargeId: r.charge_id as string,
    holderId: r.holder_id as string,
    bindingId: r.binding_id as string,
    requestedFen: big(r.requested_fen),
    status: r.status as AuthorizationRecord['status'],
    expiresAt: new Date(r.expires_at as string),
    decidedAt: dateOrNull(r.decided_at),
  };
}

function reversalFrom(r: Row): ReversalRecord {
  return {
    reversalId: r.reversal_id as string,
    chargeId: (r.charge_id as string) ?? null,
    contentHash: r.content_hash as string,
    merchantId: (r.merchant_id as string) ?? null,
    terminalId: null,
    patientId: (r.patient_id as string) ?? null,
    status: r.status as ReversalRecord['status'],
    reasonCode: (r.reason_code as string) ?? null,
    request: null,
    outcome: r.outcome,
  };
}
