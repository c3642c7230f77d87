/**
 * Paying a relative's own contribution from the holder's personal account (代缴; contract 1.1 §1;
 * seeds 000, 001, 003, 004). The HOLDER's region policy in force today (UTC+8, the day the money
 * moves; requestedAt is the caller's clock) decides which relationships and schemes may be paid
 * and how far away the relative may be insured. The first failing check wins, in this order:
 *
 *   1. INVALID_CONTRIBUTION      amount not 1..10^12 fen, period not YYYY or YYYY-MM, unknown
 *                                scheme or relationship, or the holder paying for themself
 *   2. UNKNOWN_PERSON            holder or beneficiary not registered
 *   3. HOLDER_NOT_INSURED        holder's enrollment not ACTIVE
 *   4. HOLDER_NOT_EMPLOYEE       holder not employee-insured, or without a personal account
 *   5. RELATIONSHIP_NOT_ALLOWED  relationship outside the holder's policy (Shanxi: spouse, parents, children)
 *   6. SCHEME_NOT_ALLOWED        scheme outside the holder's policy (national: resident medical only)
 *   7. CROSS_REGION_NOT_ALLOWED  relative insured outside the policy's contribution scope
 *                                (Shanxi: another province; Shaanxi: another city, seed 001 同市)
 *   8. ALREADY_PAID              this beneficiary's scheme and period is already paid
 *   9. INSUFFICIENT_BALANCE      more than the balance above the reserve (fixed or ratio) and holds
 *
 * Rules about who may pay come before the state of things (already paid, money), so a request
 * the holder may never make is refused as such. The beneficiary needs no binding and need not be
 * insured: paying is how a relative gets insured. The payment counts against no binding's
 * monthly limit. DUPLICATE_CONFLICT is the adapter's (its idempotency record).
 */
import { availableToRelativesFen } from './available-money';
import { chinaDate } from './china-date';
import { contributionRejection, type ContributionRejection } from './contribution-rejection';
import { assertNonNegativeFen, fenToYuanString, MAX_CONTRACT_FEN, type Fen } from './money';
import type { Account } from './model/account';
import type { ContributionRequest } from './model/contribution';
import { CONTRIBUTION_SCHEMES } from './model/contribution-scheme';
import type { Person } from './model/person';
import { RELATIONSHIPS } from './model/relationship';
import type { PolicyBook } from './policy-book';
import { describeScope, isWithinScope } from './region-scope';
import { resolvePolicyAt } from './resolve-policy-at';

export interface DecideContributionInput {
  readonly request: ContributionRequest;
  readonly holder: Person | null;
  readonly holderAccount: Account | null;
  readonly beneficiary: Person | null;
  /** A contribution for the same beneficiary, scheme and period is paid and not refunded. */
  readonly alreadyPaid: boolean;
  readonly now: Date;
  /** Region policies; the holder's version in force on now's UTC+8 date applies. */
  readonly policies: PolicyBook;
}

export interface ContributionPaid {
  readonly kind: 'PAID';
  readonly amountFen: Fen;
  /** The holder's balance after the payment. */
  readonly balanceAfterFen: Fen;
  /** The holder's policy that allowed it. */
  readonly policyVersion: string;
}

export type ContributionDecision = ContributionPaid | ContributionRejection;

const PERIOD = /^[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?$/;

export function decideContribution(input: DecideContributionInput): ContributionDecision {
  const { request, holder, holderAccount, beneficiary } = input;
  assertConsistent(input);
  const invalid = invalidRequest(request);
  if (invalid !== null) return invalid;
  if (holder === null) return contributionRejection('UNKNOWN_PERSON', 'holder is not a registered insured person');
  if (beneficiary === null) {
    return contributionRejection('UNKNOWN_PERSON', 'beneficiary is not a registered person');
  }
  if (holder.enrollmentStatus !== 'ACTIVE') {
    return contributionRejection('HOLDER_NOT_INSURED', `holder's enrollment is ${holder.enrollmentStatus}, not ACTIVE`);
  }
  if (holder.insuranceType !== 'EMPLOYEE' || holderAccount === null) {
    return contributionRejection('HOLDER_NOT_EMPLOYEE', 'holder must be employee-insured with a personal account');
  }

  const { policy, policyVersion } = resolvePolicyAt(input.policies, holder.regionCode, chinaDate(input.now));
  const rules = `region policy ${policyVersion}`;
  if (!policy.allowedRelationships.includes(request.relationship)) {
    return contributionRejection(
      'RELATIONSHIP_NOT_ALLOWED',
      `${rules} does not allow paying for a ${request.relationship}`,
    );
  }
  if (!policy.contributionSchemes.includes(request.scheme)) {
    return contributionRejection(
      'SCHEME_NOT_ALLOWED',
      `${rules} does not allow paying ${request.scheme} contributions`,
    );
  }
  const scope = policy.contributionScope;
  if (scope !== 'NATIONAL' && !isWithinScope(scope, holder.regionCode, beneficiary.regionCode)) {
    return contributionRejection(
      'CROSS_REGION_NOT_ALLOWED',
      `${rules} does not allow paying for a relative insured in ${describeScope(scope)}`,
    );
  }
  if (input.alreadyPaid) {
    return contributionRejection(
      'ALREADY_PAID',
      `${request.scheme} for ${request.period} is already paid for this beneficiary`,
    );
  }
  const availableFen = availableToRelativesFen(holderAccount);
  if (request.amountFen > availableFen) {
    return contributionRejection(
      'INSUFFICIENT_BALANCE',
      `${fenToYuanString(availableFen)} yuan available above the reserve and holds`,
    );
  }
  return {
    kind: 'PAID',
    amountFen: request.amountFen,
    balanceAfterFen: holderAccount.balanceFen - request.amountFen,
    policyVersion,
  };
}

function invalidRequest(request: ContributionRequest): ContributionRejection | null {
  if (typeof request.amountFen !== 'bigint' || request.amountFen < 1n || request.amountFen > MAX_CONTRACT_FEN) {
    return contributionRejection('INVALID_CONTRIBUTION', 'amountFen: must be 1 to 10^12 fen');
  }
  if (!PERIOD.test(request.period)) {
    return contributionRejection('INVALID_CONTRIBUTION', 'period: must be a year YYYY or a month YYYY-MM');
  }
  if (!(CONTRIBUTION_SCHEMES as readonly string[]).includes(request.scheme)) {
    return contributionRejection('INVALID_CONTRIBUTION', `scheme: must be one of ${CONTRIBUTION_SCHEMES.join(', ')}`);
  }
  if (!(RELATIONSHIPS as readonly string[]).includes(request.relationship)) {
    return contributionRejection('INVALID_CONTRIBUTION', `relationship: must be one of ${RELATIONSHIPS.join(', ')}`);
  }
  if (request.holderId === request.beneficiaryId) {
    return contributionRejection(
      'INVALID_CONTRIBUTION',
      "beneficiaryId: a holder pays relatives' contributions, not their own",
    );
  }
  return null;
}

/** Faults: the adapter must pass the persons and the account the request names. */
function assertConsistent(input: DecideContributionInput): void {
  const { request, holder, holderAccount, beneficiary } = input;
  if (holder !== null && holder.personId !== request.holderId) throw new Error('holder does not match the request');
  if (beneficiary !== null && beneficiary.personId !== request.beneficiaryId) {
    throw new Error('beneficiary does not match the request');
  }
  if (holderAccount !== null) {
    if (holderAccount.personId !== request.holderId) throw new Error("holderAccount is not the holder's");
    assertNonNegativeFen(holderAccount.balanceFen, 'holderAccount.balanceFen');
    assertNonNegativeFen(holderAccount.heldFen, 'holderAccount.heldFen');
    assertNonNegativeFen(holderAccount.reserveFen, 'holderAccount.reserveFen');
  }
}
