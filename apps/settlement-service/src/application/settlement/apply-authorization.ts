import {
  chinaDate,
  resolveAuthorization,
  policyOfVersion,
  resolvePolicyAt,
  type AuthorizationResolution,
  type PendingAuthorizationDecision,
} from '@gongji/domain';
import { fromTaggedJson } from '../../shared/json/tagged-json';
import { bookSettlement } from './book-settlement';
import { CommandResult, SettlementCommand } from './settlement-command';
import { SettlementContext } from './settlement-context';

type AuthorizationCommand = Extract<SettlementCommand, { kind: 'decision' | 'expire' }>;

/**
 * Ends a pending authorization exactly once: by the holder's APPROVE or DECLINE (Kafka or HTTP)
 * or by expiry. The charge then gets its one final `charge.settled`; a later answer is ignored.
 */
export function applyAuthorization(ctx: SettlementContext, cmd: AuthorizationCommand): CommandResult {
  const s = ctx.state;
  const auth = s.authorizations.get(cmd.authorizationId);
  if (!auth) return { kind: 'ignored', code: 'NOT_FOUND', message: 'no such authorization' };
  if (cmd.kind === 'decision' && cmd.holderId !== auth.holderId) {
    return { kind: 'ignored', code: 'NOT_HOLDER', message: 'only the holder named in the request may decide' };
  }
  if (auth.status !== 'PENDING') {
    return { kind: 'ignored', code: 'NOT_PENDING', message: `authorization is already ${auth.status}` };
  }
  if (cmd.kind === 'expire' && auth.expiresAt.getTime() > ctx.now.getTime()) {
    return { kind: 'ignored', code: 'NOT_PENDING', message: 'authorization has not expired yet' };
  }
  const charge = s.charges.get(auth.chargeId);
  if (!charge || charge.status !== 'PENDING_AUTHORIZATION' || !charge.pendingDecision) {
    throw new Error(`authorization ${auth.authorizationId} is pending but its charge is not`);
  }
  const pending = fromTaggedJson<PendingAuthorizationDecision>(charge.pendingDecision);

  // The covered legs were held; the holder's money for relatives is judged as if they were
  // already debited, which is what holding them means.
  let resolution: AuthorizationResolution;
  if (cmd.kind === 'decision' && cmd.decision === 'APPROVE') {
    const binding = s.bindings.get(auth.bindingId);
    const holder = s.persons.get(auth.holderId);
    const patient = charge.patientId ? s.persons.get(charge.patientId) : undefined;
    const holderAccount = s.accountOf(auth.holderId);
    if (!binding || !holder || !patient || !holderAccount) {
      throw new Error(`authorization ${auth.authorizationId}: parties not loaded`);
    }
    // The holder's policy as it judged the charge: the version in force on its occurredAt date.
    const policyDate = chinaDate(charge.occurredAt ?? ctx.now);
    const holderPolicy = resolvePolicyAt(ctx.policies, holder.regionCode, policyDate).policy;
    // ... and the binding judged by the rules it was made under.
    const bindingPolicy = binding.policyVersion ? policyOfVersion(ctx.policies, binding.policyVersion) : null;
    resolution = {
      decision: 'APPROVE',
      now: ctx.now,
      patient,
      holder,
      binding,
      holderAccount: { ...holderAccount },
      holderPolicy,
      bindingPolicy,
    };
  } else {
    resolution = { decision: cmd.kind === 'expire' ? 'EXPIRED' : 'DECLINE' };
  }
  const settled = resolveAuthorization(pending, resolution);
  bookSettlement(ctx, charge, settled, { authorizationId: auth.authorizationId, usageAlreadyCounted: pending.usage });

  auth.status =
    resolution.decision === 'APPROVE' ? 'APPROVED' : resolution.decision === 'DECLINE' ? 'DECLINED' : 'EXPIRED';
  auth.decidedAt = ctx.now;
  s.markAuthorizationChanged(auth.authorizationId);
  return { kind: 'applied', eventTypes: ['charge.settled'] };
}
