import { createHash } from 'node:crypto';
import {
  decideCharge,
  monthKey,
  type Charge,
  type ChargeDecision,
  type FundingSource,
  type PendingAuthorizationDecision,
  type PolicyBook,
} from '@gongji/domain';
import { toTaggedJson } from '../../shared/json/tagged-json';
import { rejectEarlyReversal } from './apply-reversal';
import { identifiersOf, rejectCharge, rejectedChargeData } from './charge-refusal';
import { bookSettlement, holdLegs } from './book-settlement';
import { CommandResult, SettlementCommand } from './settlement-command';
import { ChargeRequestedDto } from '../../inbound/charge-requested.dto';
import { RawJson } from '../../shared/json/raw-json';
import {
  AuthorizationRequestedData,
  authorizationRequestedEvent,
  chargeRejectedEvent,
  eventIds,
} from './outcome-events';
import { SettlementContext } from './settlement-context';
import { routedTo } from '../events/outbox-event';
import { ChargeRecord } from './settlement-records';
import { SettlementState } from './settlement-state';

type ChargeCommand = Extract<SettlementCommand, { kind: 'charge' | 'invalid-charge' }>;

/** Deterministic, so a replayed charge asks the same authorization (and fits the id format). */
export function authorizationIdFor(chargeId: string): string {
  return 'auth_' + createHash('sha256').update(chargeId).digest('hex').slice(0, 32);
}

/** The domain's view of a validated ChargeRequested: amounts become bigint fen. */
export function toDomainCharge(dto: ChargeRequestedDto): Charge {
  return {
    chargeId: dto.chargeId,
    merchantId: dto.merchantId,
    terminalId: dto.terminalId,
    patientId: dto.patientId,
    credential: { kind: dto.credential.kind, personId: dto.credential.personId },
    occurredAt: new Date(dto.occurredAt),
    items: dto.items.map((i) => ({
      lineId: i.lineId,
      code: i.code,
      name: i.name,
      category: i.category,
      inCatalog: i.inCatalog,
      amountFen: BigInt(i.amountFen),
      fundPaidFen: BigInt(i.fundPaidFen),
    })),
    totalFen: BigInt(dto.totalFen),
  };
}

/** The patient's bindings in payment order, with each holder's state as this transaction sees it. */
export function fundingSourcesOf(s: SettlementState, patientId: string, month: string): FundingSource[] {
  const sources: FundingSource[] = [];
  for (const binding of s.bindingsByBeneficiary.get(patientId) ?? []) {
    const holder = s.persons.get(binding.holderId);
    const holderAccount = s.accountOf(binding.holderId);
    if (!holder || !holderAccount) continue; // no account to draw on: the binding cannot pay
    sources.push({
      binding,
      holder,
      holderAccount: { ...holderAccount },
      bindingUsedThisMonthFen: s.bindingUsed(binding.bindingId, month),
      holderRelativesUsedThisMonthFen: s.holderUsed(binding.holderId, month),
    });
  }
  return sources;
}

/** The engine's decision for a validated charge against the state one transaction loaded. */
export function decideChargeOn(
  s: SettlementState,
  dto: ChargeRequestedDto,
  now: Date,
  limits: { maxChargeAgeS: number; policies: PolicyBook },
): ChargeDecision {
  const patient = s.persons.get(dto.patientId) ?? null;
  return decideCharge({
    charge: toDomainCharge(dto),
    merchant: s.merchants.get(dto.merchantId) ?? null,
    patient,
    patientAccount: patient ? s.accountOf(patient.personId) : null,
    fundingSources: patient ? fundingSourcesOf(s, patient.personId, monthKey(now)) : [],
    now,
    maxChargeAgeS: limits.maxChargeAgeS,
    policies: limits.policies,
  });
}

export function applyCharge(ctx: SettlementContext, cmd: ChargeCommand): CommandResult {
  const s = ctx.state;
  const existing = s.charges.get(cmd.chargeId);
  if (existing) {
    if (existing.contentHash === cmd.hash) return { kind: 'duplicate' };
    // Answer the conflicting message; the original outcome stands untouched.
    const raw = cmd.kind === 'charge' ? cmd.charge : cmd.raw;
    const data = rejectedChargeData(
      ctx,
      cmd.chargeId,
      raw,
      'DUPLICATE_CONFLICT',
      'chargeId was already used for a charge with other content',
    );
    const ids = identifiersOf(raw as Record<string, unknown>);
    s.conflictEvents.push(
      routedTo(
        chargeRejectedEvent(data, ctx.now, eventIds.conflict(cmd.chargeId, cmd.hash)),
        ids.merchantId,
        ids.terminalId,
      ),
    );
    return { kind: 'applied', eventTypes: ['charge.rejected'] };
  }

  const record: ChargeRecord = {
    chargeId: cmd.chargeId,
    contentHash: cmd.hash,
    patientId: null,
    merchantId: null,
    terminalId: null,
    status: 'REJECTED',
    reasonCode: null,
    occurredAt: null,
    decidedAt: ctx.now,
    settledAt: null,
    amounts: null,
    // As received: the audit copy, and no second serialization of what arrived as JSON text.
    request:
      cmd.requestText !== undefined ? new RawJson(cmd.requestText) : cmd.kind === 'charge' ? cmd.charge : cmd.raw,
    outcome: null,
    policyVersion: null,
    authorizationId: null,
    pendingDecision: null,
    settledUsage: null,
    reversalId: null,
    reversedAt: null,
  };
  s.putNewCharge(record);

  if (cmd.kind === 'invalid-charge') {
    const ids = identifiersOf(cmd.raw);
    Object.assign(record, ids);
    return rejectCharge(ctx, record, cmd.code ?? 'INVALID_CHARGE', cmd.message);
  }
  const dto = cmd.charge;
  record.patientId = dto.patientId;
  record.merchantId = dto.merchantId;
  record.terminalId = dto.terminalId;
  record.occurredAt = new Date(dto.occurredAt);

  const reversal = s.reversalByCharge.get(dto.chargeId);
  if (reversal && reversal.merchantId !== dto.merchantId) {
    // Only the charge's own merchant may reverse it: a stranger's early reversal refuses nothing.
    rejectEarlyReversal(ctx, reversal);
  } else if (reversal) {
    record.reversalId = reversal.reversalId;
    return rejectCharge(ctx, record, 'CHARGE_REVERSED', 'the charge was reversed before it arrived');
  }

  const decision = decideChargeOn(s, dto, ctx.now, { maxChargeAgeS: ctx.chargeMaxAgeS, policies: ctx.policies });

  switch (decision.kind) {
    case 'REJECTED':
      return rejectCharge(ctx, record, decision.code, decision.message);
    case 'SETTLED':
      bookSettlement(ctx, record, decision, { authorizationId: null, usageAlreadyCounted: [] });
      return { kind: 'applied', eventTypes: ['charge.settled'] };
    case 'PENDING_AUTHORIZATION':
      askAuthorization(ctx, record, decision);
      return { kind: 'applied', eventTypes: ['charge.authorization-requested'] };
  }
}

function askAuthorization(ctx: SettlementContext, record: ChargeRecord, decision: PendingAuthorizationDecision): void {
  const s = ctx.state;
  const authorizationId = authorizationIdFor(record.chargeId);
  const expiresAt = new Date(ctx.now.getTime() + ctx.authorizationTimeoutS * 1000);
  holdLegs(ctx, record, decision.legs, decision.usage);
  s.authorizations.set(authorizationId, {
    authorizationId,
    chargeId: record.chargeId,
    holderId: decision.authorization.holderId,
    bindingId: decision.authorization.bindingId,
    requestedFen: decision.authorization.requestedFen,
    status: 'PENDING',
    expiresAt,
    decidedAt: null,
  });
  s.newAuthorizations.add(authorizationId);
  const data: AuthorizationRequestedData = {
    chargeId: record.chargeId,
    patientId: record.patientId as string,
    authorizationId,
    holderId: decision.authorization.holderId,
    requestedFen: decision.authorization.requestedFen,
    expiresAt: expiresAt.toISOString(),
  };
  record.status = 'PENDING_AUTHORIZATION';
  record.authorizationId = authorizationId;
  record.pendingDecision = JSON.parse(toTaggedJson(decision));
  record.policyVersion = decision.policyVersion;
  record.outcome = { status: 'PENDING_AUTHORIZATION', ...data };
  s.events.push(routedTo(authorizationRequestedEvent(data, ctx.now), record.merchantId, record.terminalId));
}
