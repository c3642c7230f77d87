import { account, charge, item, merchant, NOW, person, REGION, source } from '../test-support/fixtures';
import type { ChargeDecision, PendingAuthorizationDecision, SettledDecision } from './charge-decision';
import type { Charge } from './model/charge';
import type { Person } from './model/person';
import { BUILT_IN_POLICY_BOOK, NATIONAL_POLICY } from './built-in-policy-book';
import { isPayableFromAccounts } from './item-payability';
import { makePolicyVersion, policyBook, type PolicyBook } from './policy-book';
import type { RegionPolicyOverride } from './region-policy';
import { decideCharge, type DecideChargeInput } from './settle-charge';

type DecideOverrides = Partial<DecideChargeInput> & { readonly charge: Charge; readonly patient: Person | null };

function decide(overrides: DecideOverrides): ChargeDecision {
  return decideCharge({
    merchant: merchant(),
    patientAccount: null,
    fundingSources: [],
    now: NOW,
    policies: BUILT_IN_POLICY_BOOK,
    ...overrides,
  });
}

/** A book whose national version is the built-in one with `fields` on top. */
function nationalBook(fields: RegionPolicyOverride): PolicyBook {
  return policyBook([
    makePolicyVersion({
      regionCode: '00',
      effectiveFrom: '2024-01-01',
      source: 'test',
      fields: { ...NATIONAL_POLICY, ...fields },
    }),
  ]);
}

function settled(decision: ChargeDecision): SettledDecision {
  if (decision.kind !== 'SETTLED') throw new Error(`expected SETTLED, got ${JSON.stringify(decision, replacer)}`);
  return decision;
}

function pending(decision: ChargeDecision): PendingAuthorizationDecision {
  if (decision.kind !== 'PENDING_AUTHORIZATION')
    throw new Error(`expected PENDING_AUTHORIZATION, got ${decision.kind}`);
  return decision;
}

function replacer(_: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Leg amounts by relationship, in order: a compact view of who paid what. */
function paid(decision: SettledDecision | PendingAuthorizationDecision): [string, bigint][] {
  return decision.legs.map((leg) => [leg.relationship, leg.amountFen]);
}

const PATIENT = 'patient-1';
const FATHER = person('holder-father');
const MOTHER = person('holder-mother');
const SPOUSE = person('holder-spouse');

describe('decideCharge: own account (seeds 002, 003)', () => {
  it('seed 002_932bae2467fbe663 (national): own account pays the personal share of a designated pharmacy purchase', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 3560n })]),
        patient,
        patientAccount: account(PATIENT, 10_000n),
      }),
    );
    expect(decision).toEqual({
      kind: 'SETTLED',
      amounts: {
        medfeeSumamtFen: 3560n,
        fundPaySumamtFen: 0n,
        psnPartAmtFen: 3560n,
        ineligibleFen: 0n,
        acctPayFen: 3560n,
        acctMulaidPayFen: 0n,
        psnCashPayFen: 0n,
      },
      legs: [
        {
          accountId: `ACC-${PATIENT}`,
          holderId: PATIENT,
          relationship: 'SELF',
          bindingId: null,
          amountFen: 3560n,
          balanceAfterFen: 6440n,
        },
      ],
      balcFen: 6440n,
      policyVersion: '00@2024-01-01',
      involvedPolicyVersions: ['00@2024-01-01'],
      usage: [],
      authorization: null,
    });
  });

  it('seed 002_932bae2467fbe663: the pooled fund part is never paid from accounts', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ category: 'OUTPATIENT_SERVICE', amountFen: 10_000n, fundPaidFen: 7_000n })]),
        patient,
        patientAccount: account(PATIENT, 50_000n),
      }),
    );
    expect(decision.amounts).toMatchObject({
      medfeeSumamtFen: 10_000n,
      fundPaySumamtFen: 7_000n,
      psnPartAmtFen: 3_000n,
      acctPayFen: 3_000n,
    });
    expect(decision.balcFen).toBe(47_000n);
  });

  it('own spending ignores the reserve but never touches held money', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 5_000n })]),
        patient,
        patientAccount: account(PATIENT, 3_000n, { heldFen: 500n, reserveFen: 2_000n }),
      }),
    );
    expect(paid(decision)).toEqual([['SELF', 2_500n]]);
    expect(decision.amounts.psnCashPayFen).toBe(2_500n);
    expect(decision.balcFen).toBe(500n);
  });

  it('an employee with an empty own account: balc 0, no SELF leg, cash', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({ charge: charge(PATIENT, [item()]), patient, patientAccount: account(PATIENT, 0n) }),
    );
    expect(decision.legs).toEqual([]);
    expect(decision.balcFen).toBe(0n);
    expect(decision.amounts.psnCashPayFen).toBe(3560n);
  });
});

describe('decideCharge: relatives in payment order (seed 003)', () => {
  it('seed 003_5ce829ad509c60e0: own account first, the shortfall from relatives in the configured order', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 5_000n, fundPaidFen: 1_000n })]),
        patient,
        patientAccount: account(PATIENT, 1_000n, { heldFen: 200n }),
        fundingSources: [
          source(PATIENT, { holder: FATHER, relationship: 'FATHER', balanceFen: 1_500n }),
          source(PATIENT, { holder: MOTHER, relationship: 'MOTHER', balanceFen: 100_000n }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['SELF', 800n],
      ['FATHER', 1_500n],
      ['MOTHER', 1_700n],
    ]);
    expect(decision.legs[1]).toEqual({
      accountId: 'ACC-holder-father',
      holderId: 'holder-father',
      relationship: 'FATHER',
      bindingId: `B-holder-father-${PATIENT}`,
      amountFen: 1_500n,
      balanceAfterFen: 0n,
    });
    expect(decision.amounts).toMatchObject({ acctPayFen: 4_000n, acctMulaidPayFen: 3_200n, psnCashPayFen: 0n });
    expect(decision.balcFen).toBe(200n);
    expect(decision.usage).toEqual([
      { bindingId: `B-holder-father-${PATIENT}`, holderId: 'holder-father', monthKey: '2026-11', amountFen: 1_500n },
      { bindingId: `B-holder-mother-${PATIENT}`, holderId: 'holder-mother', monthKey: '2026-11', amountFen: 1_700n },
    ]);
  });

  it('the order given is the order paid, even when a later relative has more money', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 1_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, { holder: MOTHER, relationship: 'MOTHER', balanceFen: 600n }),
          source(PATIENT, { holder: FATHER, relationship: 'FATHER', balanceFen: 1_000_000n }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['MOTHER', 600n],
      ['FATHER', 400n],
    ]);
  });

  it('seed 002_932bae2467fbe663: a resident-insured patient has no account and starts with the relatives', () => {
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 2_000n })]),
        patient,
        // A resident's stray account record is not an own account.
        patientAccount: account(PATIENT, 99_999n),
        fundingSources: [source(PATIENT, { holder: FATHER, relationship: 'FATHER', balanceFen: 10_000n })],
      }),
    );
    expect(paid(decision)).toEqual([['FATHER', 2_000n]]);
    expect(decision.balcFen).toBeNull();
  });

  it('what nobody can pay is cash at the counter', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 9_000n })]),
        patient,
        patientAccount: account(PATIENT, 1_000n),
        fundingSources: [source(PATIENT, { holder: FATHER, relationship: 'FATHER', balanceFen: 3_000n })],
      }),
    );
    expect(paid(decision)).toEqual([
      ['SELF', 1_000n],
      ['FATHER', 3_000n],
    ]);
    expect(decision.amounts).toMatchObject({
      psnPartAmtFen: 9_000n,
      acctPayFen: 4_000n,
      psnCashPayFen: 5_000n,
      ineligibleFen: 0n,
    });
  });

  it("seed 001_a5f479d59029a871 (Shaanxi): relatives' draws leave the holder's reserve (20% advised) and holds untouched", () => {
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 20_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, {
            holder: FATHER,
            relationship: 'FATHER',
            balanceFen: 10_000n,
            account: { reserveFen: 2_000n, heldFen: 1_000n },
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([['FATHER', 7_000n]]);
    expect(decision.legs[0].balanceAfterFen).toBe(3_000n);
  });

  it("seed 001_a5f479d59029a871 (建议预留20%余额): a 20% ratio keeps a fifth of the holder's balance at the draw", () => {
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 20_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, {
            holder: FATHER,
            relationship: 'FATHER',
            balanceFen: 10_001n,
            account: { reserveRatioPercent: 20, reserveFen: 500n, heldFen: 1_000n },
          }),
        ],
      }),
    );
    // Reserve ceil(10001 × 20 / 100) = 2001 (more than the fixed 500), plus 1000 held.
    expect(paid(decision)).toEqual([['FATHER', 7_000n]]);
    expect(decision.legs[0].balanceAfterFen).toBe(3_001n);
  });

  it.each([
    ['revoked binding', { binding: { status: 'REVOKED' as const } }],
    ['suspended binding', { binding: { status: 'SUSPENDED' as const } }],
    ['holder insurance suspended', { holder: person('holder-x', { enrollmentStatus: 'SUSPENDED' }) }],
    ['holder insurance terminated', { holder: person('holder-x', { enrollmentStatus: 'TERMINATED' }) }],
    ['holder no longer employee-insured', { holder: person('holder-x', { insuranceType: 'RESIDENT' }) }],
    ['holder account empty', { balanceFen: 0n }],
  ])('seed 003_5ce829ad509c60e0: a binding stops working by itself: %s', (_, spec) => {
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 1_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, { holder: person('holder-x'), balanceFen: 5_000n, ...spec }),
          source(PATIENT, { holder: MOTHER, relationship: 'MOTHER', balanceFen: 5_000n }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([['MOTHER', 1_000n]]);
  });

  it('a binding is judged by the policy it was made under: a later version does not end it, a move out of its scope does', () => {
    // Made in Taiyuan after 2026-02-06 (siblings allowed there); then Shanxi forbids siblings for
    // everyone from 2027: the binding keeps paying (the bureau may revoke it).
    const made = '00@2024-01-01+14@2024-01-01+1401@2026-02-06';
    const stricter = policyBook([
      ...BUILT_IN_POLICY_BOOK.versions,
      makePolicyVersion({
        regionCode: '1401',
        effectiveFrom: '2027-01-01',
        source: 'test',
        fields: { allowedRelationships: ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD'] },
      }),
    ]);
    const holder = person('holder-sibling', { regionCode: REGION.taiyuan });
    const at = new Date('2027-03-01T10:00:00+08:00');
    const draw = (patient: Person) =>
      decide({
        now: at,
        policies: stricter,
        charge: { ...charge(PATIENT, [item({ amountFen: 1_000n })]), occurredAt: at },
        patient,
        fundingSources: [
          source(PATIENT, { holder, relationship: 'SIBLING', balanceFen: 5_000n, binding: { policyVersion: made } }),
        ],
      });
    expect(paid(settled(draw(person(PATIENT, { insuranceType: 'RESIDENT', regionCode: REGION.taiyuan }))))).toEqual([
      ['SIBLING', 1_000n],
    ]);
    // The same binding judged by the rules of the day would not pay.
    const unrecorded = decide({
      now: at,
      policies: stricter,
      charge: { ...charge(PATIENT, [item({ amountFen: 1_000n })]), occurredAt: at },
      patient: person(PATIENT, { insuranceType: 'RESIDENT', regionCode: REGION.taiyuan }),
      fundingSources: [source(PATIENT, { holder, relationship: 'SIBLING', balanceFen: 5_000n })],
    });
    expect(paid(settled(unrecorded))).toEqual([]);
    // The beneficiary moved to Beijing: out of the binding's (provincial) scope, it stops paying.
    expect(paid(settled(draw(person(PATIENT, { insuranceType: 'RESIDENT', regionCode: REGION.beijing }))))).toEqual([]);
  });

  it('a holder whose money is all held or reserved is effective but pays nothing', () => {
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 1_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, { holder: FATHER, balanceFen: 5_000n, account: { heldFen: 3_000n, reserveFen: 2_000n } }),
          source(PATIENT, { holder: MOTHER, relationship: 'MOTHER', balanceFen: 5_000n }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([['MOTHER', 1_000n]]);
  });
});

describe('decideCharge: what may be paid', () => {
  it('seed 000_4e0aaa2d4f92baf0 (Shanxi): only catalogue items, from any account, own included', () => {
    const patient = person(PATIENT, { regionCode: REGION.taiyuan });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 3_000n }), item({ amountFen: 2_000n, inCatalog: false })]),
        patient,
        patientAccount: account(PATIENT, 1_000n),
        fundingSources: [
          source(PATIENT, {
            holder: person('holder-father', { regionCode: REGION.taiyuan }),
            relationship: 'FATHER',
            balanceFen: 100_000n,
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['SELF', 1_000n],
      ['FATHER', 2_000n],
    ]);
    expect(decision.amounts).toMatchObject({ ineligibleFen: 2_000n, psnCashPayFen: 2_000n });
    expect(decision.policyVersion).toBe('00@2024-01-01+14@2024-01-01+1401@2026-02-06');
  });

  it('seed 002_932bae2467fbe663 (national): off-catalogue items are payable', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 2_000n, inCatalog: false })]),
        patient,
        patientAccount: account(PATIENT, 5_000n),
      }),
    );
    expect(decision.amounts).toMatchObject({ ineligibleFen: 0n, acctPayFen: 2_000n });
  });

  it('seed 001_a5f479d59029a871: health supplements and non-medical goods are never paid from any account', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({
        charge: charge(PATIENT, [
          item({ category: 'HEALTH_SUPPLEMENT', amountFen: 8_800n }),
          item({ category: 'NON_MEDICAL', amountFen: 1_200n }),
          item({ category: 'MEDICAL_DEVICE', amountFen: 500n }),
        ]),
        patient,
        patientAccount: account(PATIENT, 100_000n),
        fundingSources: [source(PATIENT, { holder: FATHER, balanceFen: 100_000n })],
      }),
    );
    expect(paid(decision)).toEqual([['SELF', 500n]]);
    expect(decision.amounts).toMatchObject({ ineligibleFen: 10_000n, psnCashPayFen: 10_000n });
  });

  it('a region policy cannot make health supplements payable: the book refuses it, the item check ignores it', () => {
    const supplement = item({ category: 'HEALTH_SUPPLEMENT', amountFen: 100n });
    const forced = { ...NATIONAL_POLICY, payableCategories: ['HEALTH_SUPPLEMENT'] as never };
    expect(isPayableFromAccounts(supplement, forced)).toBe(false);
    expect(() => nationalBook({ payableCategories: ['HEALTH_SUPPLEMENT'] as never })).toThrow(
      /payableCategories must be a list of DRUG/,
    );
  });

  it('a region that leaves a category out of its payable list makes it ineligible', () => {
    const patient = person(PATIENT);
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ category: 'INPATIENT_SERVICE', amountFen: 700n }), item({ amountFen: 300n })]),
        patient,
        patientAccount: account(PATIENT, 10_000n),
        policies: nationalBook({ payableCategories: ['DRUG'] }),
      }),
    );
    expect(decision.amounts).toMatchObject({ ineligibleFen: 700n, acctPayFen: 300n, psnCashPayFen: 700n });
    expect(decision.policyVersion).toBe('00@2024-01-01');
  });

  it("seed 001_a5f479d59029a871 (Shaanxi): inpatient costs are not paid from relatives' accounts", () => {
    const patient = person(PATIENT, { regionCode: REGION.xian, insuranceType: 'RESIDENT' });
    const holder = person('holder-father', { regionCode: REGION.xian });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [
          item({ category: 'INPATIENT_SERVICE', amountFen: 10_000n, fundPaidFen: 6_000n }),
          item({ amountFen: 1_000n }),
        ]),
        patient,
        fundingSources: [
          source(PATIENT, {
            holder,
            relationship: 'FATHER',
            balanceFen: 500_000n,
            binding: { monthlyLimitFen: 200_000n },
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([['FATHER', 1_000n]]);
    // Payable from the patient's own account (had there been one), so not "ineligible".
    expect(decision.amounts).toMatchObject({ ineligibleFen: 0n, psnCashPayFen: 4_000n });
    expect(decision.involvedPolicyVersions).toEqual(['00@2024-01-01+61@2024-01-01']);
  });

  it('seed 001_a5f479d59029a871: the own account pays first what relatives may not pay (inpatient), leaving them the drugs', () => {
    const patient = person(PATIENT, { regionCode: REGION.xian });
    const holder = person('holder-father', { regionCode: REGION.xian });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [
          item({ amountFen: 1_000n }),
          item({ category: 'INPATIENT_SERVICE', amountFen: 10_000n, fundPaidFen: 6_000n }),
        ]),
        patient,
        patientAccount: account(PATIENT, 4_500n),
        fundingSources: [
          source(PATIENT, {
            holder,
            relationship: 'FATHER',
            balanceFen: 500_000n,
            binding: { monthlyLimitFen: 200_000n },
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['SELF', 4_500n],
      ['FATHER', 500n],
    ]);
    expect(decision.amounts.psnCashPayFen).toBe(0n);
  });

  it("the holder's region decides the exclusion: a national holder pays a Shaanxi patient's inpatient share", () => {
    const patient = person(PATIENT, { regionCode: REGION.xian, insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ category: 'INPATIENT_SERVICE', amountFen: 4_000n })]),
        patient,
        fundingSources: [source(PATIENT, { holder: FATHER, relationship: 'FATHER', balanceFen: 10_000n })],
      }),
    );
    expect(paid(decision)).toEqual([['FATHER', 4_000n]]);
    expect(decision.involvedPolicyVersions).toEqual(['00@2024-01-01+61@2024-01-01', '00@2024-01-01']);
  });

  it("a later relative pays what an earlier one's region excludes", () => {
    const patient = person(PATIENT, { regionCode: REGION.xianyang, insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [
          item({ category: 'INPATIENT_SERVICE', amountFen: 4_000n }),
          item({ amountFen: 1_000n }),
        ]),
        patient,
        fundingSources: [
          source(PATIENT, {
            holder: person('holder-father', { regionCode: REGION.xian }),
            relationship: 'FATHER',
            balanceFen: 100_000n,
            binding: { monthlyLimitFen: 200_000n },
          }),
          source(PATIENT, { holder: MOTHER, relationship: 'MOTHER', balanceFen: 100_000n }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['FATHER', 1_000n],
      ['MOTHER', 4_000n],
    ]);
  });
});

describe('decideCharge: monthly limits', () => {
  it('a binding pays at most its monthly limit left; the next relative continues', () => {
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 10_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, {
            holder: FATHER,
            relationship: 'FATHER',
            balanceFen: 100_000n,
            binding: { monthlyLimitFen: 5_000n },
            bindingUsedThisMonthFen: 2_000n,
          }),
          source(PATIENT, { holder: MOTHER, relationship: 'MOTHER', balanceFen: 100_000n }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['FATHER', 3_000n],
      ['MOTHER', 7_000n],
    ]);
  });

  it('a limit already exceeded (lowered below usage) leaves nothing', () => {
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 1_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, {
            holder: FATHER,
            balanceFen: 100_000n,
            binding: { monthlyLimitFen: 5_000n },
            bindingUsedThisMonthFen: 6_000n,
          }),
        ],
      }),
    );
    expect(decision.legs).toEqual([]);
    expect(decision.amounts.psnCashPayFen).toBe(1_000n);
  });

  it("Tai'an: the holder's one limit for all relatives together caps this binding with the others' usage", () => {
    const patient = person(PATIENT, { regionCode: REGION.taian, insuranceType: 'RESIDENT' });
    const holder = person('holder-father', { regionCode: REGION.taian });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 10_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, {
            holder,
            relationship: 'FATHER',
            balanceFen: 100_000n,
            account: { relativesMonthlyLimitFen: 30_000n },
            bindingUsedThisMonthFen: 1_000n,
            holderRelativesUsedThisMonthFen: 25_000n,
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([['FATHER', 5_000n]]);
    expect(decision.amounts.psnCashPayFen).toBe(5_000n);
  });

  it('the tighter of binding limit and relatives total wins', () => {
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const holder = person('holder-father', { regionCode: REGION.taian });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 10_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, {
            holder,
            balanceFen: 100_000n,
            binding: { monthlyLimitFen: 2_000n },
            account: { relativesMonthlyLimitFen: 30_000n },
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([['CHILD', 2_000n]]);
  });

  it("a relatives total left over on an account outside Tai'an is ignored (the region has no such limit)", () => {
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 10_000n })]),
        patient,
        fundingSources: [
          source(PATIENT, {
            holder: FATHER,
            balanceFen: 100_000n,
            account: { relativesMonthlyLimitFen: 1_000n },
            holderRelativesUsedThisMonthFen: 1_000n,
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([['CHILD', 10_000n]]);
  });
});

describe('decideCharge: real-time approval above the limit (seed 001)', () => {
  const xianKid = person(PATIENT, { regionCode: REGION.xian, insuranceType: 'RESIDENT' });
  const xianFather = person('holder-father', { regionCode: REGION.xian });
  const xianGrandma = person('holder-grandma', { regionCode: REGION.xian });

  it('seed 001_a5f479d59029a871 (Shaanxi): above the 200..2000 yuan cap the holder is asked, for what nobody else could pay', () => {
    const decision = pending(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 10_000n })]),
        patient: xianKid,
        fundingSources: [
          source(PATIENT, {
            holder: xianFather,
            relationship: 'FATHER',
            balanceFen: 50_000n,
            account: { reserveFen: 10_000n },
            binding: { monthlyLimitFen: 20_000n },
            bindingUsedThisMonthFen: 18_000n,
          }),
          source(PATIENT, { holder: MOTHER, relationship: 'MOTHER', balanceFen: 1_000n }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['FATHER', 2_000n],
      ['MOTHER', 1_000n],
    ]);
    expect(decision.amounts).toMatchObject({ acctPayFen: 3_000n, acctMulaidPayFen: 3_000n, psnCashPayFen: 7_000n });
    expect(decision.authorization).toEqual({
      holderId: 'holder-father',
      bindingId: `B-holder-father-${PATIENT}`,
      accountId: 'ACC-holder-father',
      relationship: 'FATHER',
      requestedFen: 7_000n,
      legPosition: 0,
    });
  });

  it('seed 001_a5f479d59029a871: the request is capped by the money the holder has above what they already pay', () => {
    const decision = pending(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 10_000n })]),
        patient: xianKid,
        fundingSources: [
          source(PATIENT, {
            holder: xianFather,
            balanceFen: 25_000n,
            account: { reserveFen: 20_000n },
            binding: { monthlyLimitFen: 20_000n },
            bindingUsedThisMonthFen: 18_000n,
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([['CHILD', 2_000n]]);
    expect(decision.authorization.requestedFen).toBe(3_000n);
  });

  it('asks the first holder in payment order whose limit stopped them, with no leg yet when the limit is used up', () => {
    const decision = pending(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 10_000n })]),
        patient: xianKid,
        fundingSources: [
          source(PATIENT, { holder: MOTHER, relationship: 'MOTHER', balanceFen: 1_000n }),
          source(PATIENT, {
            holder: xianFather,
            relationship: 'FATHER',
            balanceFen: 90_000n,
            binding: { monthlyLimitFen: 20_000n },
            bindingUsedThisMonthFen: 20_000n,
          }),
          source(PATIENT, {
            holder: xianGrandma,
            relationship: 'GRANDPARENT',
            balanceFen: 90_000n,
            binding: { monthlyLimitFen: 20_000n },
            bindingUsedThisMonthFen: 19_000n,
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['MOTHER', 1_000n],
      ['GRANDPARENT', 1_000n],
    ]);
    expect(decision.authorization).toMatchObject({ holderId: 'holder-father', requestedFen: 8_000n, legPosition: 1 });
  });

  it.each([
    ['the holder region has no approval step', { holder: FATHER }],
    ['the holder was stopped by money, not by the limit', { balanceFen: 1_500n }],
    ['the limit and the money ran out together', { balanceFen: 2_000n }],
  ])('no approval when %s', (_, spec) => {
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 10_000n })]),
        patient: xianKid,
        fundingSources: [
          source(PATIENT, {
            holder: xianFather,
            balanceFen: 50_000n,
            binding: { monthlyLimitFen: 20_000n },
            bindingUsedThisMonthFen: 18_000n,
            ...spec,
          }),
        ],
      }),
    );
    expect(decision.authorization).toBeNull();
    expect(decision.amounts.psnCashPayFen).toBeGreaterThan(0n);
  });

  it('no approval for what the holder may not pay anyway (Shaanxi inpatient)', () => {
    const decision = settled(
      decide({
        charge: charge(PATIENT, [
          item({ amountFen: 2_000n }),
          item({ category: 'INPATIENT_SERVICE', amountFen: 5_000n }),
        ]),
        patient: xianKid,
        fundingSources: [
          source(PATIENT, {
            holder: xianFather,
            balanceFen: 50_000n,
            binding: { monthlyLimitFen: 20_000n },
            bindingUsedThisMonthFen: 19_000n,
          }),
          source(PATIENT, {
            holder: xianGrandma,
            relationship: 'GRANDPARENT',
            balanceFen: 50_000n,
            binding: { monthlyLimitFen: 200_000n },
          }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['CHILD', 1_000n],
      ['GRANDPARENT', 1_000n],
    ]);
    expect(decision.amounts.psnCashPayFen).toBe(5_000n);
    expect(decision.authorization).toBeNull();
  });

  it('no approval when a later relative covers the rest within their limits', () => {
    const decision = settled(
      decide({
        charge: charge(PATIENT, [item({ amountFen: 10_000n })]),
        patient: xianKid,
        fundingSources: [
          source(PATIENT, {
            holder: xianFather,
            balanceFen: 50_000n,
            binding: { monthlyLimitFen: 20_000n },
            bindingUsedThisMonthFen: 18_000n,
          }),
          source(PATIENT, { holder: MOTHER, relationship: 'MOTHER', balanceFen: 50_000n }),
        ],
      }),
    );
    expect(paid(decision)).toEqual([
      ['CHILD', 2_000n],
      ['MOTHER', 8_000n],
    ]);
    expect(decision.authorization).toBeNull();
  });
});

describe('decideCharge: rejections', () => {
  const patient = person(PATIENT);
  const good = charge(PATIENT, [item()]);

  it.each<[string, DecideOverrides, string]>([
    ['INVALID_CHARGE', { charge: { ...good, totalFen: 1n }, patient }, 'totalFen'],
    ['UNKNOWN_MERCHANT', { charge: good, patient, merchant: null }, 'merchant is not registered'],
    ['MERCHANT_NOT_DESIGNATED', { charge: good, patient, merchant: merchant({ designated: false }) }, 'designated'],
    ['UNKNOWN_PATIENT', { charge: good, patient: null }, 'not a registered'],
    ['PATIENT_NOT_INSURED', { charge: good, patient: person(PATIENT, { enrollmentStatus: 'SUSPENDED' }) }, 'SUSPENDED'],
    [
      'PATIENT_NOT_INSURED',
      { charge: good, patient: person(PATIENT, { enrollmentStatus: 'TERMINATED' }) },
      'TERMINATED',
    ],
    [
      'CREDENTIAL_MISMATCH',
      { charge: { ...good, credential: { kind: 'E_VOUCHER', personId: 'holder-father' } }, patient },
      "not the patient's own",
    ],
    ['STALE_CHARGE', { charge: { ...good, occurredAt: new Date(NOW.getTime() - 86_400_001) }, patient }, 'in the past'],
    ['STALE_CHARGE', { charge: { ...good, occurredAt: new Date(NOW.getTime() + 300_001) }, patient }, 'in the future'],
    [
      'STALE_CHARGE',
      { charge: { ...good, occurredAt: new Date(NOW.getTime() - 3_601_000) }, patient, maxChargeAgeS: 3_600 },
      '3600 s',
    ],
  ])('%s (%#)', (code, overrides, text) => {
    const decision = decide(overrides);
    expect(decision).toMatchObject({ kind: 'REJECTED', code });
    if (decision.kind !== 'REJECTED') throw new Error('unreachable');
    expect(decision.message).toContain(text);
    // Seed 003 / 004: impersonation is a fraud, but the message names nobody.
    expect(decision.message).not.toContain(PATIENT);
    expect(decision.message).not.toContain('holder-father');
  });

  it("seed 003_5ce829ad509c60e0: someone else's card is refused even with money on every account", () => {
    const decision = decide({
      charge: { ...good, credential: { kind: 'INSURANCE_CARD', personId: 'holder-father' } },
      patient,
      patientAccount: account(PATIENT, 1_000_000n),
      fundingSources: [source(PATIENT, { holder: FATHER, balanceFen: 1_000_000n })],
    });
    expect(decision).toMatchObject({ kind: 'REJECTED', code: 'CREDENTIAL_MISMATCH' });
  });

  it('the window edges are inclusive: exactly 24 h old and exactly 5 min ahead are accepted', () => {
    for (const offset of [-86_400_000, 300_000]) {
      const decision = decide({ charge: { ...good, occurredAt: new Date(NOW.getTime() + offset) }, patient });
      expect(decision.kind).toBe('SETTLED');
    }
  });

  it('checks in precedence order: each failure hides the ones after it', () => {
    const everythingWrong: DecideOverrides = {
      charge: {
        ...good,
        totalFen: 1n,
        credential: { kind: 'ID_CARD', personId: 'someone-else' },
        occurredAt: new Date(0),
      },
      patient: null,
      merchant: null,
    };
    const fixes: [string, Partial<DecideOverrides>][] = [
      ['INVALID_CHARGE', {}],
      ['UNKNOWN_MERCHANT', { charge: { ...everythingWrong.charge, totalFen: good.totalFen } }],
      ['MERCHANT_NOT_DESIGNATED', { merchant: merchant({ designated: false }) }],
      ['UNKNOWN_PATIENT', { merchant: merchant() }],
      ['PATIENT_NOT_INSURED', { patient: person(PATIENT, { enrollmentStatus: 'TERMINATED' }) }],
      ['CREDENTIAL_MISMATCH', { patient }],
      ['STALE_CHARGE', { charge: { ...good, occurredAt: new Date(0) } }],
      ['SETTLED', { charge: good }],
    ];
    let input = everythingWrong;
    for (const [expected, fix] of fixes) {
      input = { ...input, ...fix };
      const decision = decide(input);
      expect(decision.kind === 'REJECTED' ? decision.code : decision.kind).toBe(expected);
    }
  });

  it('refuses inconsistent inputs as faults', () => {
    const base: DecideOverrides = { charge: good, patient };
    expect(() => decide({ ...base, merchant: merchant({ merchantId: 'other' }) })).toThrow('merchant');
    expect(() => decide({ ...base, patient: person('other') })).toThrow('patient');
    expect(() => decide({ ...base, maxChargeAgeS: 0 })).toThrow(RangeError);
    expect(() => decide({ ...base, now: new Date('nope') })).toThrow(RangeError);
    expect(() => decide({ ...base, patientAccount: account('other', 1n) })).toThrow("not the patient's");
    expect(() => decide({ ...base, patientAccount: account(PATIENT, -1n) })).toThrow(RangeError);
    const father = source(PATIENT, { holder: FATHER, balanceFen: 1n });
    expect(() => decide({ ...base, fundingSources: [source('other', { holder: FATHER, balanceFen: 1n })] })).toThrow(
      "not the patient's",
    );
    expect(() => decide({ ...base, fundingSources: [{ ...father, holder: MOTHER }] })).toThrow('disagree');
    expect(() => decide({ ...base, fundingSources: [source(PATIENT, { holder: patient, balanceFen: 1n })] })).toThrow(
      'themself',
    );
    expect(() => decide({ ...base, fundingSources: [father, father] })).toThrow('twice');
    expect(() => decide({ ...base, fundingSources: [{ ...father, bindingUsedThisMonthFen: -1n }] })).toThrow(
      RangeError,
    );
    expect(() => decide({ ...base, fundingSources: [{ ...father, holderRelativesUsedThisMonthFen: -1n }] })).toThrow(
      RangeError,
    );
    expect(() =>
      decide({
        ...base,
        fundingSources: [source(PATIENT, { holder: FATHER, balanceFen: 1n, binding: { monthlyLimitFen: -1n } })],
      }),
    ).toThrow(RangeError);
    expect(() =>
      decide({
        ...base,
        fundingSources: [
          source(PATIENT, { holder: FATHER, balanceFen: 1n, account: { relativesMonthlyLimitFen: -1n } }),
        ],
      }),
    ).toThrow(RangeError);
  });
});

describe('decideCharge: months are UTC+8 calendar months of the settlement (now)', () => {
  it('a charge made on Nov 30 and settled after midnight Beijing time counts in December', () => {
    const now = new Date('2026-12-01T00:00:30+08:00');
    const patient = person(PATIENT, { insuranceType: 'RESIDENT' });
    const decision = settled(
      decide({
        now,
        charge: charge(PATIENT, [item({ amountFen: 100n })], { occurredAt: new Date('2026-11-30T23:59:50+08:00') }),
        patient,
        fundingSources: [source(PATIENT, { holder: SPOUSE, relationship: 'SPOUSE', balanceFen: 1_000n })],
      }),
    );
    expect(decision.usage.map((u) => u.monthKey)).toEqual(['2026-12']);
  });
});

describe('decideCharge is deterministic and does not mutate its input', () => {
  it('same input, deep-equal output; input untouched', () => {
    const patient = person(PATIENT);
    const input: DecideChargeInput = {
      charge: charge(PATIENT, [item({ amountFen: 9_000n })]),
      merchant: merchant(),
      patient,
      patientAccount: account(PATIENT, 1_000n),
      fundingSources: [source(PATIENT, { holder: FATHER, balanceFen: 3_000n })],
      now: NOW,
      policies: BUILT_IN_POLICY_BOOK,
    };
    const snapshot = JSON.stringify(input, replacer);
    expect(decideCharge(input)).toEqual(decideCharge(input));
    expect(JSON.stringify(input, replacer)).toBe(snapshot);
  });
});
