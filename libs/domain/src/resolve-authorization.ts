/**
 * Ends a PENDING_AUTHORIZATION decision. The pending decision's legs are owed whatever the holder
 * decides; the adapter takes them out of the holder's money when the request is made (holding or
 * debiting them), so the approver's account passed here no longer counts them as available.
 *
 * APPROVE: the holder's money for relatives is re-checked now; the extra draw (at most the
 * requested amount) exceeds the limit by the holder's consent, joins that holder's leg (one leg
 * per account, payment order kept) and counts in usage for the month of the approval. If the
 * binding stopped working meanwhile (judged under the holder's policy the adapter passes: the
 * version that judged the charge), nothing extra is drawn. DECLINE / EXPIRED: the requested
 * part is paid in cash.
 *
 * The changed leg's balanceAfterFen is holderAccount.balanceFen - approvedFen, exact when the
 * pending legs were debited; an adapter that holds them sets balances when it books the debit.
 */
import { availableToRelativesFen } from './available-money';
import type {
  AuthorizationDecisionKind,
  PendingAuthorizationDecision,
  SettledDecision,
  SettlementLeg,
  SettlementParts,
  UsageEntry,
} from './charge-decision';
import { isFundingSourceEffective } from './is-funding-source-effective';
import { assertNonNegativeFen, minFen, type Fen } from './money';
import type { Account } from './model/account';
import type { Binding } from './model/binding';
import type { Person } from './model/person';
import { monthKey } from './month-key';
import type { RegionPolicy } from './region-policy';

export type AuthorizationResolution =
  | {
      readonly decision: 'APPROVE';
      readonly now: Date;
      /** The patient as they are now (a lapsed beneficiary gets nothing extra). */
      readonly patient: Person;
      readonly holder: Person;
      readonly binding: Binding;
      /** The holder's account now; this charge's pending legs already held or debited. */
      readonly holderAccount: Account;
      /** The holder's region policy for this charge (in force on its occurredAt date). */
      readonly holderPolicy: RegionPolicy;
      /** The policy the binding was made under (see isFundingSourceEffective); absent: holderPolicy. */
      readonly bindingPolicy?: RegionPolicy | null;
    }
  | { readonly decision: Exclude<AuthorizationDecisionKind, 'APPROVE'> };

export function resolveAuthorization(
  pending: PendingAuthorizationDecision,
  resolution: AuthorizationResolution,
): SettledDecision {
  const request = pending.authorization;
  const approvedFen = resolution.decision === 'APPROVE' ? approvableFen(pending, resolution) : 0n;
  const outcome = {
    holderId: request.holderId,
    bindingId: request.bindingId,
    requestedFen: request.requestedFen,
    approvedFen,
    decision: resolution.decision,
  };
  const parts: SettlementParts = {
    amounts: pending.amounts,
    legs: pending.legs,
    balcFen: pending.balcFen,
    policyVersion: pending.policyVersion,
    involvedPolicyVersions: pending.involvedPolicyVersions,
    usage: pending.usage,
  };
  if (approvedFen === 0n || resolution.decision !== 'APPROVE')
    return { kind: 'SETTLED', ...parts, authorization: outcome };

  const balanceAfterFen = resolution.holderAccount.balanceFen - approvedFen;
  const legs: SettlementLeg[] = [...pending.legs];
  const existing = legs[request.legPosition];
  if (existing !== undefined && existing.bindingId === request.bindingId) {
    legs[request.legPosition] = { ...existing, amountFen: existing.amountFen + approvedFen, balanceAfterFen };
  } else {
    legs.splice(request.legPosition, 0, {
      accountId: request.accountId,
      holderId: request.holderId,
      relationship: request.relationship,
      bindingId: request.bindingId,
      amountFen: approvedFen,
      balanceAfterFen,
    });
  }

  const month = monthKey(resolution.now);
  const usage: UsageEntry[] = [...pending.usage];
  const sameMonth = usage.findIndex((u) => u.bindingId === request.bindingId && u.monthKey === month);
  if (sameMonth >= 0) {
    usage[sameMonth] = { ...usage[sameMonth], amountFen: usage[sameMonth].amountFen + approvedFen };
  } else {
    usage.push({ bindingId: request.bindingId, holderId: request.holderId, monthKey: month, amountFen: approvedFen });
  }

  const amounts = {
    ...pending.amounts,
    acctPayFen: pending.amounts.acctPayFen + approvedFen,
    acctMulaidPayFen: pending.amounts.acctMulaidPayFen + approvedFen,
    psnCashPayFen: pending.amounts.psnCashPayFen - approvedFen,
  };
  return { kind: 'SETTLED', ...parts, amounts, legs, usage, authorization: outcome };
}

function approvableFen(
  pending: PendingAuthorizationDecision,
  approval: Extract<AuthorizationResolution, { decision: 'APPROVE' }>,
): Fen {
  const request = pending.authorization;
  const { binding, holder, holderAccount, patient, holderPolicy, bindingPolicy } = approval;
  // Faults: the adapter must pass the parties the request named.
  if (binding.bindingId !== request.bindingId || binding.holderId !== request.holderId) {
    throw new Error('approval does not match the requested binding');
  }
  if (holder.personId !== request.holderId || holderAccount.accountId !== request.accountId) {
    throw new Error("approval does not match the requested holder's account");
  }
  if (binding.beneficiaryId !== patient.personId) throw new Error('approval does not match the patient');
  assertNonNegativeFen(holderAccount.balanceFen, 'holderAccount.balanceFen');
  if (!isFundingSourceEffective({ binding, holder, holderAccount, beneficiary: patient, holderPolicy, bindingPolicy }))
    return 0n;
  return minFen(request.requestedFen, availableToRelativesFen(holderAccount));
}
