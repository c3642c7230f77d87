import { account, binding, charge, item, merchant, NOW, person, REGION, source } from '../test-support/fixtures';
import { BUILT_IN_POLICY_BOOK } from './built-in-policy-book';
import type { PendingAuthorizationDecision } from './charge-decision';
import type { FundingSource } from './model/funding-source';
import { resolveAuthorization } from './resolve-authorization';
import { resolvePolicyAt } from './resolve-policy-at';
import { decideCharge } from './settle-charge';

const PATIENT = 'patient-1';
const kid = person(PATIENT, { regionCode: REGION.xian, insuranceType: 'RESIDENT' });
const father = person('holder-father', { regionCode: REGION.xian });
const mother = person('holder-mother');
/** The father's policy when the charge was made (Shaanxi). */
const shaanxi = resolvePolicyAt(BUILT_IN_POLICY_BOOK, REGION.xian, '2026-11-22').policy;

function pendingFor(sources: FundingSource[], amountFen = 10_000n): PendingAuthorizationDecision {
  const decision = decideCharge({
    charge: charge(PATIENT, [item({ amountFen })]),
    merchant: merchant(),
    patient: kid,
    patientAccount: null,
    fundingSources: sources,
    now: NOW,
    policies: BUILT_IN_POLICY_BOOK,
  });
  if (decision.kind !== 'PENDING_AUTHORIZATION')
    throw new Error(`expected PENDING_AUTHORIZATION, got ${decision.kind}`);
  return decision;
}

// Father: Shaanxi, limit 200 yuan with 180 used, 500 yuan balance of which 100 reserved. Mother: 10 yuan.
const fatherSource = source(PATIENT, {
  holder: father,
  relationship: 'FATHER',
  balanceFen: 50_000n,
  account: { reserveFen: 10_000n },
  binding: { monthlyLimitFen: 20_000n },
  bindingUsedThisMonthFen: 18_000n,
});
const motherSource = source(PATIENT, { holder: mother, relationship: 'MOTHER', balanceFen: 1_000n });
const fatherBinding = fatherSource.binding;
/** The father's account once the pending legs (2000 fen) are applied. */
const fatherAccountAfterPending = account('holder-father', 48_000n, { reserveFen: 10_000n });

describe('resolveAuthorization (seed 001_a5f479d59029a871: 超出额度需主账户人实时授权确认)', () => {
  const pending = pendingFor([fatherSource, motherSource]);
  const approvedAt = new Date(NOW.getTime() + 40_000);

  it("APPROVE: the extra draw joins the holder's leg, in payment order, and counts in usage", () => {
    const decision = resolveAuthorization(pending, {
      decision: 'APPROVE',
      holderPolicy: shaanxi,
      now: approvedAt,
      patient: kid,
      holder: father,
      binding: fatherBinding,
      holderAccount: fatherAccountAfterPending,
    });
    expect(decision.kind).toBe('SETTLED');
    expect(decision.legs.map((l) => [l.relationship, l.amountFen, l.balanceAfterFen])).toEqual([
      ['FATHER', 9_000n, 41_000n],
      ['MOTHER', 1_000n, 0n],
    ]);
    expect(decision.amounts).toMatchObject({
      acctPayFen: 10_000n,
      acctMulaidPayFen: 10_000n,
      psnCashPayFen: 0n,
      psnPartAmtFen: 10_000n,
    });
    expect(decision.usage).toEqual([
      { bindingId: fatherBinding.bindingId, holderId: 'holder-father', monthKey: '2026-11', amountFen: 9_000n },
      { bindingId: motherSource.binding.bindingId, holderId: 'holder-mother', monthKey: '2026-11', amountFen: 1_000n },
    ]);
    expect(decision.authorization).toEqual({
      holderId: 'holder-father',
      bindingId: fatherBinding.bindingId,
      requestedFen: 7_000n,
      approvedFen: 7_000n,
      decision: 'APPROVE',
    });
    expect(decision.policyVersion).toBe(pending.policyVersion);
  });

  it('APPROVE re-checks the money at approval time: only what is there above reserve and holds', () => {
    const decision = resolveAuthorization(pending, {
      decision: 'APPROVE',
      holderPolicy: shaanxi,
      now: approvedAt,
      patient: kid,
      holder: father,
      binding: fatherBinding,
      holderAccount: account('holder-father', 16_000n, { reserveFen: 10_000n, heldFen: 1_000n }),
    });
    expect(decision.authorization?.approvedFen).toBe(5_000n);
    expect(decision.legs[0]).toMatchObject({ amountFen: 7_000n, balanceAfterFen: 11_000n });
    expect(decision.amounts.psnCashPayFen).toBe(2_000n);
  });

  it.each([
    ['the binding was revoked meanwhile', { binding: { ...fatherBinding, status: 'REVOKED' as const } }],
    ["the holder's insurance lapsed meanwhile", { holder: { ...father, enrollmentStatus: 'SUSPENDED' as const } }],
    ["the patient's insurance lapsed meanwhile", { patient: { ...kid, enrollmentStatus: 'TERMINATED' as const } }],
    ['the money is gone', { holderAccount: account('holder-father', 10_000n, { reserveFen: 10_000n }) }],
    [
      'the patient is now insured in another province (Shaanxi: no cross-province members)',
      { patient: { ...kid, regionCode: REGION.beijing } },
    ],
    ['the holder is no longer employee-insured', { holder: { ...father, insuranceType: 'RESIDENT' as const } }],
  ])('APPROVE draws nothing when %s', (_, change) => {
    const decision = resolveAuthorization(pending, {
      decision: 'APPROVE',
      holderPolicy: shaanxi,
      now: approvedAt,
      patient: kid,
      holder: father,
      binding: fatherBinding,
      holderAccount: fatherAccountAfterPending,
      ...change,
    });
    expect(decision.authorization).toMatchObject({ decision: 'APPROVE', approvedFen: 0n });
    expect(decision.legs).toEqual(pending.legs);
    expect(decision.amounts).toEqual(pending.amounts);
  });

  it.each(['DECLINE', 'EXPIRED'] as const)('%s: the requested part is paid in cash', (outcome) => {
    const decision = resolveAuthorization(pending, { decision: outcome });
    expect(decision).toEqual({
      kind: 'SETTLED',
      amounts: pending.amounts,
      legs: pending.legs,
      balcFen: null,
      policyVersion: pending.policyVersion,
      involvedPolicyVersions: pending.involvedPolicyVersions,
      usage: pending.usage,
      authorization: {
        holderId: 'holder-father',
        bindingId: fatherBinding.bindingId,
        requestedFen: 7_000n,
        approvedFen: 0n,
        decision: outcome,
      },
    });
    expect(decision.amounts.psnCashPayFen).toBe(7_000n);
  });

  it('a holder with no leg yet (limit used up) gets a new leg at their place in payment order', () => {
    const exhausted = source(PATIENT, {
      holder: father,
      relationship: 'FATHER',
      balanceFen: 50_000n,
      binding: { monthlyLimitFen: 20_000n },
      bindingUsedThisMonthFen: 20_000n,
    });
    const grandma = source(PATIENT, {
      holder: person('holder-grandma'),
      relationship: 'GRANDPARENT',
      balanceFen: 500n,
    });
    const waiting = pendingFor([motherSource, exhausted, grandma]);
    expect(waiting.legs.map((l) => l.relationship)).toEqual(['MOTHER', 'GRANDPARENT']);
    const decision = resolveAuthorization(waiting, {
      decision: 'APPROVE',
      holderPolicy: shaanxi,
      now: approvedAt,
      patient: kid,
      holder: father,
      binding: exhausted.binding,
      holderAccount: exhausted.holderAccount,
    });
    expect(decision.legs.map((l) => [l.relationship, l.amountFen])).toEqual([
      ['MOTHER', 1_000n],
      ['FATHER', 8_500n],
      ['GRANDPARENT', 500n],
    ]);
    expect(decision.amounts.psnCashPayFen).toBe(0n);
  });

  it('an approval after midnight (UTC+8) counts the extra in the new month', () => {
    const decision = resolveAuthorization(pending, {
      decision: 'APPROVE',
      holderPolicy: shaanxi,
      now: new Date('2026-12-01T00:00:10+08:00'),
      patient: kid,
      holder: father,
      binding: fatherBinding,
      holderAccount: fatherAccountAfterPending,
    });
    expect(decision.usage.filter((u) => u.bindingId === fatherBinding.bindingId)).toEqual([
      { bindingId: fatherBinding.bindingId, holderId: 'holder-father', monthKey: '2026-11', amountFen: 2_000n },
      { bindingId: fatherBinding.bindingId, holderId: 'holder-father', monthKey: '2026-12', amountFen: 7_000n },
    ]);
  });

  it('refuses an approval for other parties (faults)', () => {
    const approve = {
      decision: 'APPROVE' as const,
      holderPolicy: shaanxi,
      now: approvedAt,
      patient: kid,
      holder: father,
      binding: fatherBinding,
      holderAccount: fatherAccountAfterPending,
    };
    expect(() =>
      resolveAuthorization(pending, {
        ...approve,
        binding: binding('holder-father', PATIENT, 'FATHER', { bindingId: 'other' }),
      }),
    ).toThrow('binding');
    expect(() => resolveAuthorization(pending, { ...approve, holder: mother })).toThrow('holder');
    expect(() => resolveAuthorization(pending, { ...approve, holderAccount: account('holder-mother', 1n) })).toThrow(
      'holder',
    );
    expect(() => resolveAuthorization(pending, { ...approve, patient: person('other') })).toThrow('patient');
    expect(() =>
      resolveAuthorization(pending, { ...approve, holderAccount: { ...fatherAccountAfterPending, balanceFen: -1n } }),
    ).toThrow(RangeError);
  });
});
