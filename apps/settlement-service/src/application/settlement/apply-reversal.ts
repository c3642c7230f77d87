import {
  reversalEntry,
  reverseSettlement,
  type PendingAuthorizationDecision,
  type SettlementLeg,
} from '@gongji/domain';
import { fromTaggedJson } from '../../shared/json/tagged-json';
import { rejectCharge } from './charge-refusal';
import { releaseHeldLegs } from './book-settlement';
import { CommandResult, SettlementCommand } from './settlement-command';
import {
  ChargeReversedData,
  ReversalRejectedData,
  chargeReversedEvent,
  eventIds,
  legData,
  reversalRejectedEvent,
} from './outcome-events';
import { routedTo } from '../events/outbox-event';
import { SettlementContext } from './settlement-context';
import { ReversalRecord } from './settlement-records';
import { isIdentifier } from '../../inbound/contract-formats';

type ReversalCommand = Extract<SettlementCommand, { kind: 'reversal' | 'invalid-reversal' }>;

/**
 * A reversal undoes a whole charge: every leg back to its account, its usage freed, one balanced
 * journal entry the other way. One reversal per charge; one outcome per reversalId.
 */
export function applyReversal(ctx: SettlementContext, cmd: ReversalCommand): CommandResult {
  const s = ctx.state;
  const raw = (cmd.kind === 'reversal' ? cmd.reversal : cmd.raw) as unknown as Record<string, unknown>;
  const existing = s.reversals.get(cmd.reversalId);
  if (existing) {
    if (existing.contentHash === cmd.hash) return { kind: 'duplicate' };
    const data = rejectedData(
      ctx,
      cmd.reversalId,
      str(raw.chargeId),
      'REVERSAL_CONFLICT',
      'reversalId was already used with other content',
    );
    s.conflictEvents.push(
      routedTo(
        reversalRejectedEvent(
          data,
          keyOf(raw, cmd.reversalId),
          ctx.now,
          eventIds.reversalConflict(cmd.reversalId, cmd.hash),
        ),
        str(raw.merchantId),
        str(raw.terminalId),
      ),
    );
    return { kind: 'applied', eventTypes: ['reversal.rejected'] };
  }

  const record: ReversalRecord = {
    reversalId: cmd.reversalId,
    chargeId: str(raw.chargeId),
    contentHash: cmd.hash,
    merchantId: str(raw.merchantId),
    terminalId: str(raw.terminalId),
    patientId: str(raw.patientId),
    status: 'REJECTED',
    reasonCode: null,
    request: raw,
    outcome: null,
  };
  s.reversals.set(record.reversalId, record);
  s.newReversals.add(record.reversalId);
  if (cmd.kind === 'invalid-reversal') {
    return rejectReversal(ctx, record, cmd.code ?? 'INVALID_REVERSAL', cmd.message);
  }

  const r = cmd.reversal;
  const charge = s.charges.get(r.chargeId);
  const earlier = s.reversalByCharge.get(r.chargeId);
  if (earlier) return rejectReversal(ctx, record, 'REVERSAL_CONFLICT', 'the charge already has another reversal');

  if (!charge) {
    // Kept: the charge, if it ever arrives, is refused with CHARGE_REVERSED.
    record.status = 'NOT_RECEIVED';
    s.reversalByCharge.set(r.chargeId, record);
    return reversed(ctx, record, r.patientId, [], 'NOT_RECEIVED');
  }
  if (charge.merchantId !== r.merchantId) {
    return rejectReversal(ctx, record, 'MERCHANT_MISMATCH', 'the charge was made at another merchant');
  }
  if (charge.patientId !== r.patientId) {
    return rejectReversal(ctx, record, 'INVALID_REVERSAL', 'patientId does not match the charge');
  }
  if (charge.status === 'REJECTED' || charge.status === 'REVERSED') {
    const code = charge.status === 'REVERSED' ? 'REVERSAL_CONFLICT' : 'INVALID_REVERSAL';
    return rejectReversal(ctx, record, code, `the charge is ${charge.status}; nothing to reverse`);
  }

  record.status = 'APPLIED';
  s.reversalByCharge.set(r.chargeId, record);
  charge.reversalId = record.reversalId;
  charge.reversedAt = ctx.now;

  if (charge.status === 'PENDING_AUTHORIZATION') {
    // Nothing was debited yet: release the holds, cancel the question, and the charge's one
    // final outcome is a rejection.
    const pending = fromTaggedJson<PendingAuthorizationDecision>(charge.pendingDecision);
    releaseHeldLegs(ctx, charge, pending.usage);
    const auth = charge.authorizationId ? s.authorizations.get(charge.authorizationId) : undefined;
    if (auth && auth.status === 'PENDING') {
      auth.status = 'CANCELLED';
      auth.decidedAt = ctx.now;
      s.markAuthorizationChanged(auth.authorizationId);
    }
    charge.pendingDecision = null;
    const result = rejectCharge(ctx, charge, 'CHARGE_REVERSED', 'the charge was reversed while awaiting authorization');
    reversed(ctx, record, r.patientId, [], 'PENDING_AUTHORIZATION');
    return {
      kind: 'applied',
      eventTypes: [...(result.kind === 'applied' ? result.eventTypes : []), 'charge.reversed'],
    };
  }

  const legs = (s.legsByCharge.get(charge.chargeId) ?? []).filter((l) => l.status === 'SETTLED');
  const result = reverseSettlement({
    settlement: {
      legs: legs.map((l) => ({
        accountId: l.accountId,
        holderId: l.holderId,
        relationship: l.relationship as SettlementLeg['relationship'],
        bindingId: l.bindingId,
        amountFen: l.amountFen,
        balanceAfterFen: l.balanceAfterFen,
      })),
      usage: charge.settledUsage ?? [],
    },
    alreadyReversed: false,
    accountsNow: legs.map((l) => s.account(l.accountId)),
  });
  if (result.kind === 'ALREADY_REVERSED') throw new Error('unreachable: status said SETTLED');
  for (const leg of result.legs) s.changeAccount(leg.accountId, { balanceFen: leg.amountFen });
  for (const leg of legs) s.setLegStatus(leg, 'RETURNED');
  for (const u of result.usageToFree) s.addUsage(u.bindingId, u.holderId, u.monthKey, -u.amountFen);
  const entry = reversalEntry({
    reversalId: record.reversalId,
    merchantId: charge.merchantId as string,
    legs: result.legs,
  });
  if (entry) s.journal.push(entry);
  charge.status = 'REVERSED';
  s.markChargeChanged(charge.chargeId);
  return reversed(ctx, record, r.patientId, [...result.legs], 'SETTLED');
}

function reversed(
  ctx: SettlementContext,
  record: ReversalRecord,
  patientId: string,
  legs: SettlementLeg[],
  originalStatus: ChargeReversedData['originalStatus'],
): CommandResult {
  const data: ChargeReversedData = {
    chargeId: record.chargeId as string,
    reversalId: record.reversalId,
    patientId,
    reversedAt: ctx.now.toISOString(),
    reversedFen: legs.reduce((sum, l) => sum + l.amountFen, 0n),
    legs: legs.map(legData),
    originalStatus,
  };
  record.outcome = data;
  ctx.state.events.push(routedTo(chargeReversedEvent(data, ctx.now), record.merchantId, record.terminalId));
  return { kind: 'applied', eventTypes: ['charge.reversed'] };
}

/**
 * A reversal that came before its charge was kept to refuse the charge; but only the merchant that
 * sent the charge may reverse it. When the charge arrives from another merchant, the early
 * reversal is answered MERCHANT_MISMATCH and blocks nothing (the charge is settled as any other).
 */
export function rejectEarlyReversal(ctx: SettlementContext, record: ReversalRecord): void {
  ctx.state.reversalByCharge.delete(record.chargeId as string);
  ctx.state.markReversalChanged(record.reversalId);
  rejectReversal(ctx, record, 'MERCHANT_MISMATCH', 'the charge was made at another merchant');
}

function rejectReversal(ctx: SettlementContext, record: ReversalRecord, code: string, message: string): CommandResult {
  const data = rejectedData(ctx, record.reversalId, record.chargeId, code, message);
  record.status = 'REJECTED';
  record.reasonCode = code;
  record.outcome = data;
  ctx.state.events.push(
    routedTo(
      reversalRejectedEvent(data, record.patientId ?? record.reversalId, ctx.now),
      record.merchantId,
      record.terminalId,
    ),
  );
  return { kind: 'applied', eventTypes: ['reversal.rejected'] };
}

function rejectedData(
  ctx: SettlementContext,
  reversalId: string,
  chargeId: string | null,
  code: string,
  message: string,
): ReversalRejectedData {
  return { reversalId, chargeId, rejectedAt: ctx.now.toISOString(), reason: { code, message } };
}

function keyOf(raw: Record<string, unknown>, fallback: string): string {
  return str(raw.patientId) ?? fallback;
}

function str(v: unknown): string | null {
  return isIdentifier(v) ? v : null;
}
