/**
 * Properties of the waterfall over random families, balances, holds, reserves, limits, usage and
 * charges. The oracle below recomputes what the rules allow from the raw inputs, independently of
 * the implementation's helpers, so a broken waterfall cannot agree with itself.
 */
import fc from 'fast-check';
import { PATIENT_ID, scenarioArb } from '../test-support/family-arbitraries';
import { chinaDate } from './china-date';
import type { ChargeDecision, PendingAuthorizationDecision, SettledDecision } from './charge-decision';
import type { Account } from './model/account';
import type { ChargeItem } from './model/charge';
import type { FundingSource } from './model/funding-source';
import type { ItemCategory } from './model/item-category';
import { monthKey } from './month-key';
import type { RegionPolicy } from './region-policy';
import { resolvePolicyAt } from './resolve-policy-at';
import { resolveAuthorization } from './resolve-authorization';
import { reverseSettlement } from './reverse-settlement';
import { decideCharge, type DecideChargeInput } from './settle-charge';

const RUNS = { numRuns: 300 };

type Split = SettledDecision | PendingAuthorizationDecision;

// ---- Oracle: what the rules allow, from raw fields ----

const floor0 = (v: bigint) => (v < 0n ? 0n : v);
const min = (...vs: bigint[]) => vs.reduce((a, b) => (b < a ? b : a));
const sum = (vs: bigint[]) => vs.reduce((a, b) => a + b, 0n);
const share = (i: ChargeItem) => i.amountFen - i.fundPaidFen;
/** The reserve a relatives' draw leaves: fixed, or the ratio's share of the balance rounded up. */
const reserveOf = (a: Account) => {
  const ratio = BigInt(a.reserveRatioPercent ?? 0);
  const share = (a.balanceFen * ratio) / 100n + ((a.balanceFen * ratio) % 100n === 0n ? 0n : 1n);
  return a.reserveFen > share ? a.reserveFen : share;
};

function payable(item: ChargeItem, patientPolicy: RegionPolicy): boolean {
  return (
    item.category !== 'HEALTH_SUPPLEMENT' &&
    item.category !== 'NON_MEDICAL' &&
    (patientPolicy.payableCategories as readonly ItemCategory[]).includes(item.category) &&
    (item.inCatalog || !patientPolicy.catalogueOnly)
  );
}

/** What a relative's account may not pay under the holder's policy. */
function excluded(holderPolicy: RegionPolicy): ItemCategory[] {
  return holderPolicy.relativesPayInpatient ? [] : ['INPATIENT_SERVICE'];
}

/** Whether the holder's policy still covers the pair: relationship and insured regions. */
function covers(holderPolicy: RegionPolicy, s: FundingSource, patientRegion: string): boolean {
  const digits = { NATIONAL: 0, PROVINCE: 2, POOLING_AREA: 4 }[holderPolicy.scope];
  return (
    holderPolicy.allowedRelationships.includes(s.binding.relationship) &&
    s.holder.regionCode.slice(0, digits) === patientRegion.slice(0, digits)
  );
}

interface FunderView {
  readonly index: number;
  readonly source: FundingSource;
  readonly policy: RegionPolicy;
  readonly effective: boolean;
  readonly availableFen: bigint;
  readonly limitLeftFen: bigint | null;
  readonly capFen: bigint;
  readonly paidFen: bigint;
}

interface View {
  readonly input: DecideChargeInput;
  readonly patientPolicy: RegionPolicy;
  readonly ownAccount: Account | null;
  readonly ownAvailableFen: bigint;
  readonly ownPaidFen: bigint;
  readonly payableShareFen: bigint;
  readonly ineligibleFen: bigint;
  readonly funders: readonly FunderView[];
  /** Payable personal share in the given categories. */
  readonly payableIn: (categories: readonly ItemCategory[]) => bigint;
}

function view(input: DecideChargeInput, decision: Split): View {
  const patient = input.patient!;
  const policyOf = (region: string) =>
    resolvePolicyAt(input.policies, region, chinaDate(input.charge.occurredAt)).policy;
  const patientPolicy = policyOf(patient.regionCode);
  const ownAccount = patient.insuranceType === 'EMPLOYEE' ? input.patientAccount : null;
  const items = input.charge.items;
  const payableItems = items.filter((i) => payable(i, patientPolicy));
  const funders = input.fundingSources.map((source, index): FunderView => {
    const policy = policyOf(source.holder.regionCode);
    const a = source.holderAccount;
    const effective =
      source.binding.status === 'ACTIVE' &&
      source.holder.enrollmentStatus === 'ACTIVE' &&
      source.holder.insuranceType === 'EMPLOYEE' &&
      patient.enrollmentStatus === 'ACTIVE' &&
      a.balanceFen > 0n &&
      covers(policy, source, patient.regionCode);
    const availableFen = floor0(a.balanceFen - a.heldFen - reserveOf(a));
    const lefts: bigint[] = [];
    if (source.binding.monthlyLimitFen !== null)
      lefts.push(floor0(source.binding.monthlyLimitFen - source.bindingUsedThisMonthFen));
    if (policy.relativesMonthlyLimitAllowed && a.relativesMonthlyLimitFen !== null) {
      lefts.push(floor0(a.relativesMonthlyLimitFen - source.holderRelativesUsedThisMonthFen));
    }
    const limitLeftFen = lefts.length === 0 ? null : min(...lefts);
    const paidFen = sum(decision.legs.filter((l) => l.bindingId === source.binding.bindingId).map((l) => l.amountFen));
    return {
      index,
      source,
      policy,
      effective,
      availableFen,
      limitLeftFen,
      capFen: limitLeftFen === null ? availableFen : min(availableFen, limitLeftFen),
      paidFen,
    };
  });
  return {
    input,
    patientPolicy,
    ownAccount,
    ownAvailableFen: ownAccount === null ? 0n : floor0(ownAccount.balanceFen - ownAccount.heldFen),
    ownPaidFen: sum(decision.legs.filter((l) => l.relationship === 'SELF').map((l) => l.amountFen)),
    payableShareFen: sum(payableItems.map(share)),
    ineligibleFen: sum(items.filter((i) => !payable(i, patientPolicy)).map(share)),
    funders,
    payableIn: (categories) => sum(payableItems.filter((i) => categories.includes(i.category)).map(share)),
  };
}

function split(decision: ChargeDecision): Split | null {
  return decision.kind === 'REJECTED' ? null : decision;
}

/** Runs `check` on every non-rejected decision of a random scenario. */
function forEverySplit(check: (decision: Split, v: View) => void): void {
  fc.assert(
    fc.property(scenarioArb, (input) => {
      const decision = split(decideCharge(input));
      if (decision !== null) check(decision, view(input, decision));
    }),
    RUNS,
  );
}

// ---- Applying decisions to a ledger, as the adapter would ----

interface Ledger {
  readonly balances: Map<string, bigint>;
  readonly usage: Map<string, bigint>;
}

function ledgerOf(input: DecideChargeInput): Ledger {
  const balances = new Map<string, bigint>();
  const usage = new Map<string, bigint>();
  if (input.patientAccount !== null) balances.set(input.patientAccount.accountId, input.patientAccount.balanceFen);
  for (const s of input.fundingSources) {
    balances.set(s.holderAccount.accountId, s.holderAccount.balanceFen);
    usage.set(`${s.binding.bindingId}|${monthKey(input.now)}`, s.bindingUsedThisMonthFen);
  }
  return { balances, usage };
}

function copy(ledger: Ledger): Ledger {
  return { balances: new Map(ledger.balances), usage: new Map(ledger.usage) };
}

function debit(
  ledger: Ledger,
  legs: readonly { accountId: string; amountFen: bigint }[],
  usage: readonly { bindingId: string; monthKey: string; amountFen: bigint }[],
  sign: 1n | -1n,
): void {
  for (const leg of legs)
    ledger.balances.set(leg.accountId, ledger.balances.get(leg.accountId)! - sign * leg.amountFen);
  for (const u of usage) {
    const key = `${u.bindingId}|${u.monthKey}`;
    ledger.usage.set(key, (ledger.usage.get(key) ?? 0n) + sign * u.amountFen);
  }
}

function accountsFrom(input: DecideChargeInput, ledger: Ledger): Account[] {
  const all = [
    ...(input.patientAccount === null ? [] : [input.patientAccount]),
    ...input.fundingSources.map((s) => s.holderAccount),
  ];
  return all.map((a) => ({ ...a, balanceFen: ledger.balances.get(a.accountId)! }));
}

function approve(
  input: DecideChargeInput,
  pending: PendingAuthorizationDecision,
  afterPending: Ledger,
): SettledDecision {
  const s = input.fundingSources.find((f) => f.binding.bindingId === pending.authorization.bindingId)!;
  return resolveAuthorization(pending, {
    decision: 'APPROVE',
    holderPolicy: resolvePolicyAt(input.policies, s.holder.regionCode, chinaDate(input.charge.occurredAt)).policy,
    now: new Date(input.now.getTime() + 30_000),
    patient: input.patient!,
    holder: s.holder,
    binding: s.binding,
    holderAccount: { ...s.holderAccount, balanceFen: afterPending.balances.get(s.holderAccount.accountId)! },
  });
}

function expectIdentities(d: Split | SettledDecision): void {
  const a = d.amounts;
  expect(a.medfeeSumamtFen).toBe(a.fundPaySumamtFen + a.psnPartAmtFen);
  expect(a.psnPartAmtFen).toBe(a.acctPayFen + a.psnCashPayFen);
  expect(a.acctMulaidPayFen <= a.acctPayFen).toBe(true);
  expect(a.ineligibleFen <= a.psnCashPayFen).toBe(true);
  for (const v of Object.values(a)) expect(v >= 0n).toBe(true);
  expect(sum(d.legs.map((l) => l.amountFen))).toBe(a.acctPayFen);
  expect(sum(d.legs.filter((l) => l.relationship !== 'SELF').map((l) => l.amountFen))).toBe(a.acctMulaidPayFen);
  for (const leg of d.legs) expect(leg.amountFen > 0n).toBe(true);
}

// ---- Properties ----

describe('decideCharge properties', () => {
  it('the contract amount identities hold; sum of legs = acctPay; acctMulaid = sum of non-SELF legs', () => {
    forEverySplit((d, v) => {
      expectIdentities(d);
      expect(d.amounts.medfeeSumamtFen).toBe(v.input.charge.totalFen);
      expect(d.amounts.ineligibleFen).toBe(v.ineligibleFen);
      expect(d.balcFen).toBe(v.ownAccount === null ? null : v.ownAccount.balanceFen - v.ownPaidFen);
    });
  });

  it('no relative is drawn below reserve (fixed or ratio) + holds; the own account never below its holds (so never below zero)', () => {
    forEverySplit((d, v) => {
      for (const leg of d.legs) {
        if (leg.relationship === 'SELF') {
          expect(leg.amountFen <= v.ownAvailableFen).toBe(true);
          expect(leg.balanceAfterFen).toBe(v.ownAccount!.balanceFen - leg.amountFen);
          expect(leg.balanceAfterFen >= v.ownAccount!.heldFen).toBe(true);
        } else {
          const f = v.funders.find((x) => x.source.binding.bindingId === leg.bindingId)!;
          const a = f.source.holderAccount;
          expect(leg.amountFen <= f.availableFen).toBe(true);
          expect(leg.balanceAfterFen).toBe(a.balanceFen - leg.amountFen);
          expect(leg.balanceAfterFen >= a.heldFen + a.reserveFen).toBe(true);
          // Never less than the ratio's share of the balance before the draw (held money aside).
          const ratio = BigInt(a.reserveRatioPercent ?? 0);
          expect((leg.balanceAfterFen - a.heldFen) * 100n >= a.balanceFen * ratio).toBe(true);
        }
      }
    });
  });

  it("no binding limit or holder's relatives total is exceeded without approval", () => {
    forEverySplit((_, v) => {
      for (const f of v.funders) {
        const { binding, holderAccount: a } = f.source;
        if (binding.monthlyLimitFen !== null && f.paidFen > 0n) {
          expect(f.source.bindingUsedThisMonthFen + f.paidFen <= binding.monthlyLimitFen).toBe(true);
        }
        if (f.policy.relativesMonthlyLimitAllowed && a.relativesMonthlyLimitFen !== null && f.paidFen > 0n) {
          expect(f.source.holderRelativesUsedThisMonthFen + f.paidFen <= a.relativesMonthlyLimitFen).toBe(true);
        }
      }
    });
  });

  it('legs follow payment order; a later funder pays only when every earlier effective one was exhausted by balance, limit or category', () => {
    forEverySplit((d, v) => {
      const selfLegs = d.legs.filter((l) => l.relationship === 'SELF');
      expect(selfLegs.length <= 1).toBe(true);
      if (selfLegs.length === 1) expect(d.legs[0].relationship).toBe('SELF');
      const order = d.legs
        .filter((l) => l.relationship !== 'SELF')
        .map((l) => v.funders.findIndex((f) => f.source.binding.bindingId === l.bindingId));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size).toBe(order.length);
      for (const i of order) expect(v.funders[i].effective).toBe(true);
      for (const f of v.funders) if (!f.effective) expect(f.paidFen).toBe(0n);

      const relativesPaid = sum(v.funders.map((f) => f.paidFen));
      if (relativesPaid > 0n && v.ownAccount !== null) expect(v.ownPaidFen).toBe(v.ownAvailableFen);
      for (const later of v.funders.filter((f) => f.paidFen > 0n)) {
        for (const earlier of v.funders.slice(0, later.index).filter((f) => f.effective)) {
          const exhausted = earlier.paidFen === earlier.capFen;
          const categoryStopped = later.paidFen <= v.payableIn(excluded(earlier.policy));
          expect(exhausted || categoryStopped).toBe(true);
        }
      }
    });
  });

  it('nothing payable goes to cash while an account could still pay it within its limits', () => {
    forEverySplit((d, v) => {
      const unpaidPayable = d.amounts.psnCashPayFen - d.amounts.ineligibleFen;
      if (unpaidPayable === 0n) return;
      if (v.ownAccount !== null) expect(v.ownPaidFen).toBe(v.ownAvailableFen);
      for (const f of v.funders.filter((x) => x.effective)) {
        const exhausted = f.paidFen === f.capFen;
        expect(exhausted || unpaidPayable <= v.payableIn(excluded(f.policy))).toBe(true);
      }
    });
  });

  it('accounts pay the most the rules allow (max flow; the built-in exclusions are nested: none or inpatient)', () => {
    forEverySplit((d, v) => {
      const inpatient = v.payableIn(['INPATIENT_SERVICE']);
      const other = v.payableShareFen - inpatient;
      // Payers that may pay everything (own account, most relatives) and those that may not pay inpatient.
      let all = v.ownAccount === null ? 0n : v.ownAvailableFen;
      let notInpatient = 0n;
      for (const f of v.funders.filter((x) => x.effective)) {
        const exclusions = excluded(f.policy);
        expect(exclusions.length === 0 || (exclusions.length === 1 && exclusions[0] === 'INPATIENT_SERVICE')).toBe(
          true,
        );
        if (exclusions.length === 0) all += f.capFen;
        else notInpatient += f.capFen;
      }
      // Min cut of source -> payers -> {inpatient, other} -> sink.
      expect(d.amounts.acctPayFen).toBe(min(inpatient + other, other + all, all + notInpatient));
    });
  });

  it("only payable items are paid; no relative pays what their holder's region excludes", () => {
    forEverySplit((d, v) => {
      expect(d.amounts.acctPayFen <= v.payableShareFen).toBe(true);
      for (const f of v.funders) {
        const mayPay = v.payableShareFen - v.payableIn(excluded(f.policy));
        expect(f.paidFen <= mayPay).toBe(true);
      }
    });
  });

  it('approval is asked only of a holder stopped by a limit in an approval region, for money they have', () => {
    forEverySplit((d, v) => {
      const unpaidPayable = d.amounts.psnCashPayFen - d.amounts.ineligibleFen;
      const limitStopped = (f: FunderView) =>
        f.effective &&
        f.policy.approvalAboveLimit &&
        f.limitLeftFen !== null &&
        f.paidFen === f.limitLeftFen &&
        f.limitLeftFen < f.availableFen;
      const couldAsk = (f: FunderView) => limitStopped(f) && unpaidPayable > v.payableIn(excluded(f.policy));
      if (d.kind === 'SETTLED') {
        expect(d.authorization).toBeNull();
        for (const f of v.funders) expect(couldAsk(f)).toBe(false);
        return;
      }
      const asked = v.funders.find((f) => f.source.binding.bindingId === d.authorization.bindingId)!;
      expect(limitStopped(asked)).toBe(true);
      for (const earlier of v.funders.slice(0, asked.index)) expect(couldAsk(earlier)).toBe(false);
      expect(d.authorization.requestedFen > 0n).toBe(true);
      expect(d.authorization.requestedFen <= asked.availableFen - asked.paidFen).toBe(true);
      expect(d.authorization.requestedFen <= unpaidPayable).toBe(true);
      expect(d.authorization.holderId).toBe(asked.source.holder.personId);
    });
  });

  it('is deterministic: the same input gives a deep-equal output', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        expect(decideCharge(structuredClone(input))).toEqual(decideCharge(input));
      }),
      RUNS,
    );
  });

  it('settle then reverse restores every balance and usage (approved, declined or directly settled)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), (input, approveIt) => {
        const decision = split(decideCharge(input));
        if (decision === null) return;
        const start = ledgerOf(input);
        const ledger = copy(start);
        debit(ledger, decision.legs, decision.usage, 1n);
        let final: SettledDecision;
        if (decision.kind === 'PENDING_AUTHORIZATION') {
          if (approveIt) {
            final = approve(input, decision, ledger);
            // Apply only what the approval added on top of the pending legs.
            const extra = final.amounts.acctPayFen - decision.amounts.acctPayFen;
            debit(ledger, [{ accountId: decision.authorization.accountId, amountFen: extra }], [], 1n);
            const extraUsage = final.usage.filter((u) => !decision.usage.includes(u));
            const replaced = decision.usage.filter((u) => !final.usage.includes(u));
            debit(ledger, [], extraUsage, 1n);
            debit(ledger, [], replaced, -1n);
            const leg = final.legs.find((l) => l.bindingId === decision.authorization.bindingId);
            if (extra > 0n) expect(leg!.balanceAfterFen).toBe(ledger.balances.get(leg!.accountId));
          } else {
            final = resolveAuthorization(decision, { decision: 'DECLINE' });
          }
        } else {
          final = decision;
        }
        for (const leg of final.legs) expect(ledger.balances.get(leg.accountId)).toBe(leg.balanceAfterFen);
        const reversal = reverseSettlement({
          settlement: final,
          alreadyReversed: false,
          accountsNow: accountsFrom(input, ledger),
        });
        if (reversal.kind !== 'REVERSED') throw new Error('expected REVERSED');
        expect(reversal.reversedFen).toBe(final.amounts.acctPayFen);
        debit(ledger, reversal.legs, reversal.usageToFree, -1n);
        for (const leg of reversal.legs) expect(ledger.balances.get(leg.accountId)).toBe(leg.balanceAfterFen);
        expect(ledger.balances).toEqual(start.balances);
        expect([...ledger.usage].filter(([, fen]) => fen !== 0n)).toEqual(
          [...start.usage].filter(([, fen]) => fen !== 0n),
        );
        expect(reverseSettlement({ settlement: final, alreadyReversed: true, accountsNow: [] })).toEqual({
          kind: 'ALREADY_REVERSED',
        });
      }),
      RUNS,
    );
  });

  it('resolving an approval keeps every invariant: identities, reserve, at most the request; decline pays cash', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const decision = split(decideCharge(input));
        if (decision === null || decision.kind !== 'PENDING_AUTHORIZATION') return;
        const ledger = ledgerOf(input);
        debit(ledger, decision.legs, decision.usage, 1n);
        const approved = approve(input, decision, ledger);
        expectIdentities(approved);
        const asked = input.fundingSources.find((s) => s.binding.bindingId === decision.authorization.bindingId)!;
        const a = asked.holderAccount;
        const drawn = sum(approved.legs.filter((l) => l.accountId === a.accountId).map((l) => l.amountFen));
        expect(drawn <= floor0(a.balanceFen - a.heldFen - reserveOf(a))).toBe(true);
        const extra = approved.authorization!.approvedFen;
        expect(extra).toBe(decision.authorization.requestedFen);
        expect(approved.amounts.acctPayFen).toBe(decision.amounts.acctPayFen + extra);
        expect(approved.legs.map((l) => l.accountId)).toEqual(
          [...decision.legs.map((l) => l.accountId), a.accountId]
            .filter((id, i, all) => all.indexOf(id) === i)
            .sort(
              (x, y) =>
                approved.legs.findIndex((l) => l.accountId === x) - approved.legs.findIndex((l) => l.accountId === y),
            ),
        );
        const declined = resolveAuthorization(decision, { decision: 'DECLINE' });
        expect(declined.amounts).toEqual(decision.amounts);
        expect(declined.legs).toEqual(decision.legs);
      }),
      RUNS,
    );
  });

  it('the generator reaches every kind of outcome (guards against a vacuous run)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const d = decideCharge(input);
        seen.add(d.kind === 'REJECTED' ? d.code : d.kind);
        if (d.kind !== 'REJECTED') {
          if (d.legs.some((l) => l.relationship !== 'SELF')) seen.add('RELATIVE_LEG');
          if (d.legs.filter((l) => l.relationship !== 'SELF').length >= 2) seen.add('TWO_RELATIVES');
          if (d.amounts.psnCashPayFen > d.amounts.ineligibleFen) seen.add('PAYABLE_CASH');
        }
      }),
      { numRuns: 500 },
    );
    expect([...seen].sort()).toEqual(
      [
        'PATIENT_NOT_INSURED',
        'PAYABLE_CASH',
        'PENDING_AUTHORIZATION',
        'RELATIVE_LEG',
        'SETTLED',
        'TWO_RELATIVES',
      ].sort(),
    );
    expect(PATIENT_ID).toBe('patient');
  });
});
