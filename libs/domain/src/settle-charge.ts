/**
 * The settlement waterfall: one pure function from a charge and the state it meets to a decision.
 *
 * Order of payment (DOMAIN.md): the patient's own account first, without limit (balance - held);
 * then each EFFECTIVE funding source in the beneficiary's payment order, within the holder's
 * money for relatives (balance - held - reserve, the reserve fixed or a share of the balance now),
 * the binding's monthly limit left and, where the
 * holder's region has one, the holder's total monthly limit for relatives left; the rest is cash.
 * Which items may be paid at all is the PATIENT's region's call; which of those a relative's
 * account may not pay (Shaanxi: inpatient), and whether the binding still covers the pair, is the
 * HOLDER's region's call. Every policy is the version in force on the charge's occurredAt date
 * (UTC+8, contract 1.1 §4).
 *
 * Usage counts in the UTC+8 month of `now` (when money moves), not of occurredAt: a charge made at
 * 23:59 on the 31st and settled after midnight uses the new month's caps, like the holder's bank
 * statement would.
 */
import { allocateInPaymentOrder, type Payer } from './allocate-in-payment-order';
import { availableToOwnerFen, availableToRelativesFen } from './available-money';
import { checkChargeAdmission, type ChargeAdmissionInput } from './check-charge-admission';
import { checkChargeArithmetic } from './check-charge-arithmetic';
import { chinaDate } from './china-date';
import type {
  AuthorizationRequest,
  ChargeDecision,
  SettlementAmounts,
  SettlementLeg,
  SettlementParts,
  UsageEntry,
} from './charge-decision';
import { isFundingSourceEffective } from './is-funding-source-effective';
import { isPayableFromAccounts, personalShareFen } from './item-payability';
import { assertNonNegativeFen, atLeastZeroFen, minFen, sumFen, type Fen } from './money';
import type { Account } from './model/account';
import type { FundingSource } from './model/funding-source';
import type { PayableCategory } from './model/item-category';
import type { Person } from './model/person';
import { monthKey } from './month-key';
import type { PolicyBook } from './policy-book';
import { categoriesRelativesMayNotPay, type RegionPolicy } from './region-policy';
import { policyOfVersion } from './policy-of-version';
import { resolvePolicyAt } from './resolve-policy-at';

export interface DecideChargeInput extends ChargeAdmissionInput {
  readonly patientAccount: Account | null;
  /** The patient's bindings as a beneficiary, in payment order (ineffective ones are skipped). */
  readonly fundingSources: readonly FundingSource[];
  readonly policies: PolicyBook;
}

/** An effective funding source with what its holder's policy allows it in this charge. */
interface Funder {
  readonly source: FundingSource;
  readonly policy: RegionPolicy;
  readonly policyVersion: string;
  readonly availableFen: Fen;
  /** Tightest of binding limit left and relatives total left; null = no limit applies. */
  readonly limitLeftFen: Fen | null;
}

/**
 * Rejection (INVALID_CHARGE, then the admission checks in their order), or the split.
 * PENDING_AUTHORIZATION when a payable amount is left that nobody could pay within limits and
 * the first holder stopped by a limit (not by money) in a region with real-time approval could pay
 * some of it from money above what they already pay here; resolve it with `resolveAuthorization`.
 */
export function decideCharge(input: DecideChargeInput): ChargeDecision {
  const invalid = checkChargeArithmetic(input.charge);
  if (invalid !== null) return invalid;
  const admission = checkChargeAdmission(input);
  if (admission.kind === 'REJECTED') return admission;
  const { patient } = admission;
  const { charge, now, policies } = input;
  const policyDate = chinaDate(charge.occurredAt);

  const patientResolved = resolvePolicyAt(policies, patient.regionCode, policyDate);
  const patientPolicy = patientResolved.policy;
  const ownAccount = ownAccountOf(patient, input.patientAccount);
  assertFundingSourcesConsistent(patient, input.fundingSources, ownAccount);

  // Payable personal share per category; the rest of the personal share is ineligible (cash).
  const shares = new Map<PayableCategory, Fen>();
  let ineligibleFen = 0n;
  for (const item of charge.items) {
    const share = personalShareFen(item);
    if (isPayableFromAccounts(item, patientPolicy)) {
      const category = item.category as PayableCategory;
      shares.set(category, (shares.get(category) ?? 0n) + share);
    } else {
      ineligibleFen += share;
    }
  }

  const funders: Funder[] = [];
  for (const source of input.fundingSources) {
    const { policy, policyVersion } = resolvePolicyAt(policies, source.holder.regionCode, policyDate);
    const bindingPolicy = source.binding.policyVersion ? policyOfVersion(policies, source.binding.policyVersion) : null;
    if (!isFundingSourceEffective({ ...source, beneficiary: patient, holderPolicy: policy, bindingPolicy })) continue;
    funders.push({
      source,
      policy,
      policyVersion,
      availableFen: availableToRelativesFen(source.holderAccount),
      limitLeftFen: limitLeftFen(source, policy),
    });
  }

  const payers: Payer[] = [
    ...(ownAccount === null ? [] : [{ capFen: availableToOwnerFen(ownAccount), excludedCategories: [] }]),
    ...funders.map((f) => ({
      capFen: f.limitLeftFen === null ? f.availableFen : minFen(f.availableFen, f.limitLeftFen),
      excludedCategories: categoriesRelativesMayNotPay(f.policy),
    })),
  ];
  const allocation = allocateInPaymentOrder(shares, payers);
  const funderAllocations = allocation.payers.slice(ownAccount === null ? 0 : 1);

  const legs: SettlementLeg[] = [];
  const ownPaidFen = ownAccount === null ? 0n : allocation.payers[0].paidFen;
  if (ownAccount !== null && ownPaidFen > 0n) {
    legs.push({
      accountId: ownAccount.accountId,
      holderId: patient.personId,
      relationship: 'SELF',
      bindingId: null,
      amountFen: ownPaidFen,
      balanceAfterFen: ownAccount.balanceFen - ownPaidFen,
    });
  }
  const usageMonth = monthKey(now);
  const usage: UsageEntry[] = [];
  let authorization: AuthorizationRequest | null = null;
  for (const [index, funder] of funders.entries()) {
    const { binding, holderAccount } = funder.source;
    const { paidFen, eligibleAtTurnFen } = funderAllocations[index];
    const legPosition = legs.length;
    if (paidFen > 0n) {
      legs.push({
        accountId: holderAccount.accountId,
        holderId: binding.holderId,
        relationship: binding.relationship,
        bindingId: binding.bindingId,
        amountFen: paidFen,
        balanceAfterFen: holderAccount.balanceFen - paidFen,
      });
      usage.push({
        bindingId: binding.bindingId,
        holderId: binding.holderId,
        monthKey: usageMonth,
        amountFen: paidFen,
      });
    }
    if (authorization !== null || !funder.policy.approvalAboveLimit) continue;
    const stoppedByLimit =
      funder.limitLeftFen !== null &&
      funder.limitLeftFen < funder.availableFen &&
      funder.limitLeftFen < eligibleAtTurnFen;
    if (!stoppedByLimit) continue;
    const unpaidTheyMayPay = sumFen(
      [...allocation.unpaid]
        .filter(([c]) => !categoriesRelativesMayNotPay(funder.policy).includes(c))
        .map(([, fen]) => fen),
    );
    const requestedFen = minFen(unpaidTheyMayPay, funder.availableFen - paidFen);
    if (requestedFen > 0n) {
      authorization = {
        holderId: binding.holderId,
        bindingId: binding.bindingId,
        accountId: holderAccount.accountId,
        relationship: binding.relationship,
        requestedFen,
        legPosition,
      };
    }
  }

  const parts: SettlementParts = {
    amounts: settlementAmounts(charge.items, ineligibleFen, legs),
    legs,
    balcFen: ownAccount === null ? null : ownAccount.balanceFen - ownPaidFen,
    policyVersion: patientResolved.policyVersion,
    involvedPolicyVersions: [...new Set([patientResolved.policyVersion, ...funders.map((f) => f.policyVersion)])],
    usage,
  };
  return authorization === null
    ? { kind: 'SETTLED', ...parts, authorization: null }
    : { kind: 'PENDING_AUTHORIZATION', ...parts, authorization };
}

/** Only employee insurance has a personal account; a resident's stray account object is ignored. */
function ownAccountOf(patient: Person, account: Account | null): Account | null {
  if (patient.insuranceType !== 'EMPLOYEE' || account === null) return null;
  if (account.personId !== patient.personId) throw new Error("patientAccount is not the patient's");
  assertAccountAmounts(account, 'patientAccount');
  return account;
}

function limitLeftFen(source: FundingSource, holderPolicy: RegionPolicy): Fen | null {
  const lefts: Fen[] = [];
  if (source.binding.monthlyLimitFen !== null) {
    lefts.push(atLeastZeroFen(source.binding.monthlyLimitFen - source.bindingUsedThisMonthFen));
  }
  // A total limit only exists where the holder's region provides it; elsewhere it is ignored.
  const total = source.holderAccount.relativesMonthlyLimitFen;
  if (holderPolicy.relativesMonthlyLimitAllowed && total !== null) {
    lefts.push(atLeastZeroFen(total - source.holderRelativesUsedThisMonthFen));
  }
  return lefts.length === 0 ? null : minFen(lefts[0], ...lefts.slice(1));
}

export function settlementAmounts(
  items: readonly { readonly amountFen: Fen; readonly fundPaidFen: Fen }[],
  ineligibleFen: Fen,
  legs: readonly SettlementLeg[],
): SettlementAmounts {
  const medfeeSumamtFen = sumFen(items.map((i) => i.amountFen));
  const fundPaySumamtFen = sumFen(items.map((i) => i.fundPaidFen));
  const psnPartAmtFen = medfeeSumamtFen - fundPaySumamtFen;
  const acctPayFen = sumFen(legs.map((l) => l.amountFen));
  const acctMulaidPayFen = sumFen(legs.filter((l) => l.relationship !== 'SELF').map((l) => l.amountFen));
  return {
    medfeeSumamtFen,
    fundPaySumamtFen,
    psnPartAmtFen,
    ineligibleFen,
    acctPayFen,
    acctMulaidPayFen,
    psnCashPayFen: psnPartAmtFen - acctPayFen,
  };
}

function assertAccountAmounts(account: Account, what: string): void {
  assertNonNegativeFen(account.balanceFen, `${what}.balanceFen`);
  assertNonNegativeFen(account.heldFen, `${what}.heldFen`);
  assertNonNegativeFen(account.reserveFen, `${what}.reserveFen`);
  if (account.relativesMonthlyLimitFen !== null) {
    assertNonNegativeFen(account.relativesMonthlyLimitFen, `${what}.relativesMonthlyLimitFen`);
  }
}

/** Faults: the adapter must pass the patient's own bindings, each holder once, with matching accounts. */
function assertFundingSourcesConsistent(
  patient: Person,
  sources: readonly FundingSource[],
  ownAccount: Account | null,
): void {
  const holders = new Set<string>();
  const accounts = new Set<string>(ownAccount === null ? [] : [ownAccount.accountId]);
  sources.forEach((source, index) => {
    const what = `fundingSources[${index}]`;
    const { binding, holder, holderAccount } = source;
    if (binding.beneficiaryId !== patient.personId) throw new Error(`${what}: binding is not the patient's`);
    if (binding.holderId !== holder.personId || holderAccount.personId !== holder.personId) {
      throw new Error(`${what}: binding, holder and holderAccount disagree`);
    }
    if (holder.personId === patient.personId) throw new Error(`${what}: the patient cannot fund themself`);
    if (holders.has(holder.personId) || accounts.has(holderAccount.accountId)) {
      throw new Error(`${what}: holder or account appears twice`);
    }
    holders.add(holder.personId);
    accounts.add(holderAccount.accountId);
    assertAccountAmounts(holderAccount, `${what}.holderAccount`);
    assertNonNegativeFen(source.bindingUsedThisMonthFen, `${what}.bindingUsedThisMonthFen`);
    assertNonNegativeFen(source.holderRelativesUsedThisMonthFen, `${what}.holderRelativesUsedThisMonthFen`);
    if (binding.monthlyLimitFen !== null)
      assertNonNegativeFen(binding.monthlyLimitFen, `${what}.binding.monthlyLimitFen`);
  });
}
