import type { ChargeRejection } from './charge-rejection';
import type { Fen } from './money';
import type { Relationship } from './model/relationship';

/** The contract's `amounts`, mirroring the insurer's settlement fields; all fen. */
export interface SettlementAmounts {
  /** medfee_sumamt: total medical fees. */
  readonly medfeeSumamtFen: Fen;
  /** fund_pay_sumamt: paid by the pooled fund. */
  readonly fundPaySumamtFen: Fen;
  /** psn_part_amt = medfee - fund. */
  readonly psnPartAmtFen: Fen;
  /** Personal share no account may pay (excluded categories, off-catalogue where required). */
  readonly ineligibleFen: Fen;
  /** acct_pay: all personal-account payments = sum of legs. */
  readonly acctPayFen: Fen;
  /** acct_mulaid_pay: of acctPay, from relatives' accounts. */
  readonly acctMulaidPayFen: Fen;
  /** psn_cash_pay = psnPart - acctPay. */
  readonly psnCashPayFen: Fen;
}

export type LegRelationship = 'SELF' | Relationship;

/** Money from one account; one leg per account, in payment order. */
export interface SettlementLeg {
  readonly accountId: string;
  /** The account's owner: the patient for SELF, else the binding's holder. */
  readonly holderId: string;
  readonly relationship: LegRelationship;
  readonly bindingId: string | null;
  readonly amountFen: Fen;
  readonly balanceAfterFen: Fen;
}

/** To add to a binding's usage in a UTC+8 month (and to free on reversal). */
export interface UsageEntry {
  readonly bindingId: string;
  readonly holderId: string;
  readonly monthKey: string;
  readonly amountFen: Fen;
}

export interface SettlementParts {
  readonly amounts: SettlementAmounts;
  readonly legs: readonly SettlementLeg[];
  /** The patient's own balance after payment; null without an own account. */
  readonly balcFen: Fen | null;
  /** The PATIENT's policy version (it decided what was payable). */
  readonly policyVersion: string;
  /** Every policy that took part: the patient's first, then each effective holder's, no repeats. */
  readonly involvedPolicyVersions: readonly string[];
  readonly usage: readonly UsageEntry[];
}

/** Real-time approval asked of a holder whose limit stopped them (e.g. Shaanxi). */
export interface AuthorizationRequest {
  readonly holderId: string;
  readonly bindingId: string;
  readonly accountId: string;
  readonly relationship: Relationship;
  readonly requestedFen: Fen;
  /** Where this holder's leg is (or would go) in `legs`, to keep payment order when approved. */
  readonly legPosition: number;
}

export type AuthorizationDecisionKind = 'APPROVE' | 'DECLINE' | 'EXPIRED';

/** How a requested approval ended; the adapter pairs it with its authorizationId. */
export interface AuthorizationOutcome {
  readonly holderId: string;
  readonly bindingId: string;
  readonly requestedFen: Fen;
  readonly approvedFen: Fen;
  readonly decision: AuthorizationDecisionKind;
}

export interface SettledDecision extends SettlementParts {
  readonly kind: 'SETTLED';
  /** null when no approval was asked. */
  readonly authorization: AuthorizationOutcome | null;
}

/**
 * The part covered within everyone's limits is final (it is owed whatever the holder decides);
 * `amounts` show the requested part as cash, as if declined.
 */
export interface PendingAuthorizationDecision extends SettlementParts {
  readonly kind: 'PENDING_AUTHORIZATION';
  readonly authorization: AuthorizationRequest;
}

export type ChargeDecision = SettledDecision | PendingAuthorizationDecision | ChargeRejection;
