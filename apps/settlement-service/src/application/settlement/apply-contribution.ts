import {
  contributionEntry,
  contributionRefundEntry,
  decideContribution,
  refundContribution,
  type ContributionRequest,
} from '@gongji/domain';
import { ContributionRequestedDto } from '../../inbound/contribution-requested.dto';
import { isIdentifier } from '../../inbound/contract-formats';
import { RawJson } from '../../shared/json/raw-json';
import {
  ContributionRejectedData,
  contributionEventIds,
  contributionPaidEvent,
  contributionRefundedEvent,
  contributionRejectedEvent,
} from './contribution-events';
import { CommandResult, SettlementCommand } from './settlement-command';
import { SettlementContext } from './settlement-context';
import { ContributionRecord } from './settlement-records';
import { paidContributionKey } from './settlement-state';

type ContributionCommand = Extract<SettlementCommand, { kind: 'contribution' | 'invalid-contribution' }>;
type RefundCommand = Extract<SettlementCommand, { kind: 'contribution-refund' }>;

/**
 * A relative's contribution paid from the holder's personal account (contract 1.1 §1), exactly
 * once per contributionId: the same content again is a no-op (its first answer stands), other
 * content is answered DUPLICATE_CONFLICT. Paid: the holder's account is debited with a balanced
 * journal entry (holder → payee clearing) and `contribution.paid`; refused: `contribution.rejected`.
 */
export function applyContribution(ctx: SettlementContext, cmd: ContributionCommand): CommandResult {
  const s = ctx.state;
  const existing = s.contributions.get(cmd.contributionId);
  const raw = cmd.kind === 'contribution' ? (cmd.contribution as unknown as Record<string, unknown>) : cmd.raw;
  if (existing) {
    if (existing.contentHash === cmd.hash) return { kind: 'duplicate' };
    const data = rejectedData(
      ctx,
      cmd.contributionId,
      holderIdOf(raw),
      'DUPLICATE_CONFLICT',
      'contributionId was already used with other content',
    );
    s.conflictEvents.push(
      contributionRejectedEvent(data, ctx.now, contributionEventIds.conflict(cmd.contributionId, cmd.hash)),
    );
    return { kind: 'applied', eventTypes: ['contribution.rejected'] };
  }

  const record = newRecord(ctx, cmd);
  s.putNewContribution(record);
  if (cmd.kind === 'invalid-contribution') return reject(ctx, record, cmd.code ?? 'INVALID_CONTRIBUTION', cmd.message);

  const dto = cmd.contribution;
  const holder = s.persons.get(dto.holderId) ?? null;
  const holderAccount = holder ? s.accountOf(holder.personId) : null;
  const key = paidContributionKey(dto.beneficiaryId, dto.scheme, dto.period);
  const decision = decideContribution({
    request: toDomainRequest(dto),
    holder,
    holderAccount,
    beneficiary: s.persons.get(dto.beneficiaryId) ?? null,
    alreadyPaid: s.paidContributions.has(key),
    now: ctx.now,
    policies: ctx.policies,
  });
  if (decision.kind === 'REJECTED') return reject(ctx, record, decision.code, decision.message);

  const account = s.changeAccount(holderAccount!.accountId, { balanceFen: -decision.amountFen });
  const entry = contributionEntry({
    contributionId: dto.contributionId,
    holderAccountId: account.accountId,
    payeeId: dto.payeeId,
    amountFen: decision.amountFen,
  });
  if (entry) s.journal.push(entry);
  const event = contributionPaidEvent(
    {
      contributionId: dto.contributionId,
      holderId: dto.holderId,
      beneficiaryId: dto.beneficiaryId,
      relationship: dto.relationship,
      scheme: dto.scheme,
      period: dto.period,
      amountFen: decision.amountFen,
      payeeId: dto.payeeId,
      balanceAfterFen: account.balanceFen,
      paidAt: ctx.now.toISOString(),
      policyVersion: decision.policyVersion,
    },
    ctx.now,
  );
  Object.assign(record, {
    status: 'PAID',
    policyVersion: decision.policyVersion,
    balanceAfterFen: account.balanceFen,
    outcome: new RawJson(event.dataJson),
  });
  s.paidContributions.set(key, record.contributionId);
  s.events.push(event);
  return { kind: 'applied', eventTypes: ['contribution.paid'] };
}

/**
 * A refund of a paid contribution (bureau): exactly what was paid back to the holder's account,
 * once. The same refundId again is a no-op; another refundId for a refunded contribution, or a
 * refund of one that was never paid, is ignored with a code for the caller.
 */
export function applyContributionRefund(ctx: SettlementContext, cmd: RefundCommand): CommandResult {
  const s = ctx.state;
  const record = s.contributions.get(cmd.contributionId);
  if (!record) return { kind: 'ignored', code: 'NOT_FOUND', message: 'no contribution with this id' };
  if (record.status === 'REFUNDED') {
    if (record.refundId === cmd.refundId) return { kind: 'duplicate' };
    return {
      kind: 'ignored',
      code: 'REFUND_CONFLICT',
      message: 'the contribution was already refunded under another refundId',
    };
  }
  if (record.status !== 'PAID') {
    return { kind: 'ignored', code: 'NOT_PAID', message: 'only a paid contribution can be refunded' };
  }
  const account = s.accountOf(record.holderId!);
  if (!account) throw new Error(`contribution ${record.contributionId}: the paying account was not loaded`);
  const refund = refundContribution({
    paid: { contributionId: record.contributionId, holderId: record.holderId!, amountFen: record.amountFen! },
    alreadyRefunded: false,
    holderAccount: account,
  });
  if (refund.kind !== 'REFUNDED') throw new Error('unreachable: not refunded yet');
  s.changeAccount(account.accountId, { balanceFen: refund.amountFen });
  const entry = contributionRefundEntry({
    refundId: cmd.refundId,
    holderAccountId: account.accountId,
    payeeId: record.payeeId!,
    amountFen: refund.amountFen,
  });
  if (entry) s.journal.push(entry);
  const event = contributionRefundedEvent(
    {
      contributionId: record.contributionId,
      refundId: cmd.refundId,
      amountFen: refund.amountFen,
      balanceAfterFen: s.account(account.accountId).balanceFen,
      refundedAt: ctx.now.toISOString(),
    },
    record.holderId!,
    ctx.now,
  );
  s.paidContributions.delete(paidContributionKey(record.beneficiaryId!, record.scheme!, record.period!));
  Object.assign(record, {
    status: 'REFUNDED',
    refundId: cmd.refundId,
    refundReason: cmd.reason,
    refundedAt: ctx.now,
    refundOutcome: new RawJson(event.dataJson),
  });
  s.markContributionChanged(record.contributionId);
  s.events.push(event);
  return { kind: 'applied', eventTypes: ['contribution.refunded'] };
}

function newRecord(ctx: SettlementContext, cmd: ContributionCommand): ContributionRecord {
  const decided = {
    contributionId: cmd.contributionId,
    contentHash: cmd.hash,
    status: 'REJECTED' as const,
    reasonCode: null,
    decidedAt: ctx.now,
    policyVersion: null,
    balanceAfterFen: null,
    outcome: null,
    refundId: null,
    refundReason: null,
    refundedAt: null,
    refundOutcome: null,
  };
  if (cmd.kind === 'invalid-contribution') {
    return {
      ...decided,
      holderId: holderIdOf(cmd.raw),
      beneficiaryId: isIdentifier(cmd.raw.beneficiaryId) ? cmd.raw.beneficiaryId : null,
      relationship: null,
      scheme: null,
      period: null,
      amountFen: null,
      payeeId: null,
      requestedAt: null,
      request: cmd.raw,
    };
  }
  const c = cmd.contribution;
  return {
    ...decided,
    holderId: c.holderId,
    beneficiaryId: c.beneficiaryId,
    relationship: c.relationship,
    scheme: c.scheme,
    period: c.period,
    amountFen: BigInt(c.amountFen),
    payeeId: c.payeeId,
    requestedAt: new Date(c.requestedAt),
    // As received: the audit copy, and no second serialization of what arrived as JSON text.
    request: cmd.requestText !== undefined ? new RawJson(cmd.requestText) : c,
  };
}

function reject(ctx: SettlementContext, record: ContributionRecord, code: string, message: string): CommandResult {
  const event = contributionRejectedEvent(
    rejectedData(ctx, record.contributionId, record.holderId, code, message),
    ctx.now,
  );
  record.status = 'REJECTED';
  record.reasonCode = code;
  record.outcome = new RawJson(event.dataJson);
  ctx.state.events.push(event);
  return { kind: 'applied', eventTypes: ['contribution.rejected'] };
}

function rejectedData(
  ctx: SettlementContext,
  contributionId: string,
  holderId: string | null,
  code: string,
  message: string,
): ContributionRejectedData {
  return { contributionId, holderId, rejectedAt: ctx.now.toISOString(), reason: { code, message } };
}

function holderIdOf(raw: Record<string, unknown>): string | null {
  return isIdentifier(raw.holderId) ? raw.holderId : null;
}

function toDomainRequest(dto: ContributionRequestedDto): ContributionRequest {
  return {
    contributionId: dto.contributionId,
    holderId: dto.holderId,
    beneficiaryId: dto.beneficiaryId,
    relationship: dto.relationship,
    scheme: dto.scheme,
    period: dto.period,
    amountFen: BigInt(dto.amountFen),
    payeeId: dto.payeeId,
    requestedAt: new Date(dto.requestedAt),
  };
}
