import { account, NOW, person, REGION } from '../test-support/fixtures';
import { BUILT_IN_POLICY_BOOK } from './built-in-policy-book';
import { decideContribution, type ContributionDecision, type DecideContributionInput } from './decide-contribution';
import type { ContributionRequest } from './model/contribution';
import type { ContributionScheme } from './model/contribution-scheme';
import type { Relationship } from './model/relationship';
import { refundContribution } from './refund-contribution';

const HOLDER = 'holder-1';
const RELATIVE = 'relative-1';
const BEFORE_TAIYUAN = new Date('2026-02-05T12:00:00+08:00');

function request(fields: Partial<ContributionRequest> = {}): ContributionRequest {
  return {
    contributionId: 'RM2027:relative-1:001',
    holderId: HOLDER,
    beneficiaryId: RELATIVE,
    relationship: 'MOTHER',
    scheme: 'RESIDENT_MEDICAL',
    period: '2027',
    amountFen: 40_000n,
    payeeId: 'TAX-1401',
    requestedAt: NOW,
    ...fields,
  };
}

/** A holder in `holderRegion` with 1000 yuan paying for a resident relative in `relativeRegion`. */
function input(
  holderRegion: string,
  relativeRegion: string,
  fields: Partial<ContributionRequest> = {},
  more: Partial<DecideContributionInput> = {},
): DecideContributionInput {
  return {
    request: request(fields),
    holder: person(HOLDER, { regionCode: holderRegion }),
    holderAccount: account(HOLDER, 100_000n),
    beneficiary: person(RELATIVE, { regionCode: relativeRegion, insuranceType: 'RESIDENT' }),
    alreadyPaid: false,
    now: NOW,
    policies: BUILT_IN_POLICY_BOOK,
    ...more,
  };
}

const codeOf = (decision: ContributionDecision) => (decision.kind === 'PAID' ? 'PAID' : decision.code);
const pay = (relationship: Relationship, scheme: ContributionScheme) => ({ relationship, scheme });

describe('decideContribution by region', () => {
  it.each<[string, string, DecideContributionInput]>([
    // Shanxi, seed 000: 城乡居民基本医疗保险、职工大额医疗费用补助和长期护理保险 for spouse, parents, children.
    [
      'PAID',
      'Shanxi: long-term care for a mother',
      input(REGION.datong, REGION.datong, pay('MOTHER', 'LONG_TERM_CARE')),
    ],
    [
      'PAID',
      'Shanxi: the large-expense supplement for a child',
      input(REGION.datong, REGION.datong, pay('CHILD', 'SUPPLEMENTARY_MEDICAL')),
    ],
    [
      'PAID',
      'Shanxi: a relative in another city of the province',
      input(REGION.datong, REGION.taiyuan, pay('FATHER', 'LONG_TERM_CARE')),
    ],
    [
      'RELATIONSHIP_NOT_ALLOWED',
      'Shanxi (Datong): a sibling, still after 2026-02-06',
      input(REGION.datong, REGION.datong, pay('SIBLING', 'LONG_TERM_CARE')),
    ],
    [
      'RELATIONSHIP_NOT_ALLOWED',
      'Taiyuan before 2026-02-06: a sibling',
      input(REGION.taiyuan, REGION.taiyuan, pay('SIBLING', 'LONG_TERM_CARE'), { now: BEFORE_TAIYUAN }),
    ],
    [
      'PAID',
      'seed 004 (Taiyuan, from 2026-02-06): a sibling',
      input(REGION.taiyuan, REGION.taiyuan, pay('SIBLING', 'LONG_TERM_CARE')),
    ],
    [
      'SCHEME_NOT_ALLOWED',
      'Shanxi: commercial health insurance',
      input(REGION.datong, REGION.datong, pay('MOTHER', 'COMMERCIAL_HEALTH')),
    ],
    [
      'CROSS_REGION_NOT_ALLOWED',
      'Shanxi: a relative in Shaanxi',
      input(REGION.datong, REGION.xian, pay('MOTHER', 'RESIDENT_MEDICAL')),
    ],
    // Shaanxi, seed 001: 职工医保账户可为同市参保家庭成员代缴城乡居民医保费.
    [
      'PAID',
      'Shaanxi: resident insurance of a relative in the same city',
      input(REGION.xian, '610113', pay('GRANDPARENT', 'RESIDENT_MEDICAL')),
    ],
    [
      'CROSS_REGION_NOT_ALLOWED',
      'Shaanxi: a relative in another city of Shaanxi (Xianyang)',
      input(REGION.xian, REGION.xianyang, pay('MOTHER', 'RESIDENT_MEDICAL')),
    ],
    ['SCHEME_NOT_ALLOWED', 'Shaanxi: long-term care', input(REGION.xian, REGION.xian, pay('MOTHER', 'LONG_TERM_CARE'))],
    // National, seeds 002/003: 居民医保缴费 for near relatives, anywhere.
    [
      'PAID',
      'national: resident insurance of a sibling in another province',
      input(REGION.beijing, REGION.xian, pay('SIBLING', 'RESIDENT_MEDICAL')),
    ],
    [
      'SCHEME_NOT_ALLOWED',
      'national: commercial health insurance',
      input(REGION.beijing, REGION.beijing, pay('CHILD', 'COMMERCIAL_HEALTH')),
    ],
    [
      'SCHEME_NOT_ALLOWED',
      "Tai'an (national schemes): long-term care",
      input(REGION.taian, REGION.taian, pay('CHILD', 'LONG_TERM_CARE')),
    ],
  ])('%s: %s', (code, _, given) => {
    const decision = decideContribution(given);
    expect(codeOf(decision)).toBe(code);
    if (decision.kind === 'REJECTED') {
      expect(decision.message).not.toContain(HOLDER);
      expect(decision.message).not.toContain(RELATIVE);
    }
  });

  it('a payment names the holder policy that allowed it and the balance after', () => {
    expect(decideContribution(input(REGION.datong, REGION.datong, pay('MOTHER', 'LONG_TERM_CARE')))).toEqual({
      kind: 'PAID',
      amountFen: 40_000n,
      balanceAfterFen: 60_000n,
      policyVersion: '00@2024-01-01+14@2024-01-01',
    });
    expect(decideContribution(input(REGION.taiyuan, REGION.taiyuan, pay('SIBLING', 'RESIDENT_MEDICAL')))).toMatchObject(
      {
        policyVersion: '00@2024-01-01+14@2024-01-01+1401@2026-02-06',
      },
    );
  });

  it("the HOLDER's policy decides, not the relative's: Beijing pays for a Xi'an relative, Xi'an not for a Beijing one", () => {
    expect(codeOf(decideContribution(input(REGION.beijing, REGION.xian, pay('MOTHER', 'RESIDENT_MEDICAL'))))).toBe(
      'PAID',
    );
    expect(codeOf(decideContribution(input(REGION.xian, REGION.beijing, pay('MOTHER', 'RESIDENT_MEDICAL'))))).toBe(
      'CROSS_REGION_NOT_ALLOWED',
    );
  });
});

describe('decideContribution: persons, money and requests', () => {
  const national = (fields: Partial<ContributionRequest> = {}, more: Partial<DecideContributionInput> = {}) =>
    input(REGION.beijing, REGION.beijing, fields, more);

  it('the relative needs no binding and need not be insured: paying is how they get insured', () => {
    const uninsured = person(RELATIVE, { regionCode: REGION.beijing, enrollmentStatus: 'TERMINATED' });
    expect(codeOf(decideContribution(national({}, { beneficiary: uninsured })))).toBe('PAID');
  });

  it.each<[string, Partial<DecideContributionInput>]>([
    ['UNKNOWN_PERSON', { holder: null }],
    ['UNKNOWN_PERSON', { beneficiary: null }],
    ['HOLDER_NOT_INSURED', { holder: person(HOLDER, { regionCode: REGION.beijing, enrollmentStatus: 'SUSPENDED' }) }],
    ['HOLDER_NOT_EMPLOYEE', { holder: person(HOLDER, { regionCode: REGION.beijing, insuranceType: 'RESIDENT' }) }],
    ['HOLDER_NOT_EMPLOYEE', { holderAccount: null }],
    ['ALREADY_PAID', { alreadyPaid: true }],
  ])('%s', (code, more) => {
    expect(codeOf(decideContribution(national({}, more)))).toBe(code);
  });

  it.each<[string, Partial<ContributionRequest>, string]>([
    ['amount 0', { amountFen: 0n }, 'amountFen'],
    ['amount above 10^12', { amountFen: 1_000_000_000_001n }, 'amountFen'],
    ['a period that is no year', { period: '27' }, 'period'],
    ['a period with month 13', { period: '2027-13' }, 'period'],
    ['a period with a day', { period: '2027-01-01' }, 'period'],
    ['an unknown scheme', { scheme: 'PENSION' as never }, 'scheme'],
    ['an unknown relationship', { relationship: 'COUSIN' as never }, 'relationship'],
    ['the holder paying for themself', { beneficiaryId: HOLDER }, 'beneficiaryId'],
  ])('INVALID_CONTRIBUTION: %s', (_, fields, field) => {
    const self = fields.beneficiaryId === HOLDER ? { beneficiary: person(HOLDER) } : {};
    const decision = decideContribution(national(fields, self));
    expect(decision).toMatchObject({ kind: 'REJECTED', code: 'INVALID_CONTRIBUTION' });
    if (decision.kind === 'REJECTED') expect(decision.message.startsWith(`${field}:`)).toBe(true);
  });

  it('accepts a monthly period and the largest amount the money allows', () => {
    expect(codeOf(decideContribution(national({ period: '2027-12' })))).toBe('PAID');
    expect(codeOf(decideContribution(national({ amountFen: 100_000n })))).toBe('PAID');
  });

  it('may use the balance above the reserve (fixed or ratio) and the holds, not a fen more', () => {
    const holderAccount = account(HOLDER, 100_000n, { heldFen: 10_000n, reserveFen: 5_000n, reserveRatioPercent: 20 });
    // Reserve ceil(100000 × 20%) = 20000 > 5000; available 100000 - 10000 - 20000 = 70000.
    const at = (amountFen: bigint) => decideContribution(national({ amountFen }, { holderAccount }));
    expect(at(70_000n)).toMatchObject({ kind: 'PAID', balanceAfterFen: 30_000n });
    expect(at(70_001n)).toEqual({
      kind: 'REJECTED',
      code: 'INSUFFICIENT_BALANCE',
      message: '700.00 yuan available above the reserve and holds',
    });
  });

  it('checks in the documented order: each failure hides the ones after it', () => {
    // A Datong (Shanxi) holder: relationships, schemes and the province are all restricted.
    const datongHolder = (fields = {}) => person(HOLDER, { regionCode: REGION.datong, ...fields });
    let given: DecideContributionInput = input(
      REGION.datong,
      REGION.xian,
      { amountFen: 0n, relationship: 'SIBLING', scheme: 'COMMERCIAL_HEALTH' },
      { holder: null, beneficiary: null, holderAccount: null, alreadyPaid: true },
    );
    const req = (fields: Partial<ContributionRequest>) => ({ request: { ...given.request, ...fields } });
    const fixes: [string, () => Partial<DecideContributionInput>][] = [
      ['INVALID_CONTRIBUTION', () => ({})],
      ['UNKNOWN_PERSON', () => req({ amountFen: 500_000n })],
      [
        'UNKNOWN_PERSON',
        () => ({ holder: datongHolder({ enrollmentStatus: 'SUSPENDED', insuranceType: 'RESIDENT' }) }),
      ],
      ['HOLDER_NOT_INSURED', () => ({ beneficiary: person(RELATIVE, { regionCode: REGION.xian }) })],
      ['HOLDER_NOT_EMPLOYEE', () => ({ holder: datongHolder({ insuranceType: 'RESIDENT' }) })],
      ['HOLDER_NOT_EMPLOYEE', () => ({ holder: datongHolder() })],
      ['RELATIONSHIP_NOT_ALLOWED', () => ({ holderAccount: account(HOLDER, 100_000n) })],
      ['SCHEME_NOT_ALLOWED', () => req({ relationship: 'MOTHER' })],
      ['CROSS_REGION_NOT_ALLOWED', () => req({ scheme: 'LONG_TERM_CARE' })],
      ['ALREADY_PAID', () => ({ beneficiary: person(RELATIVE, { regionCode: REGION.taiyuan }) })],
      ['INSUFFICIENT_BALANCE', () => ({ alreadyPaid: false })],
      ['PAID', () => req({ amountFen: 40_000n })],
    ];
    for (const [code, fix] of fixes) {
      given = { ...given, ...fix() };
      expect(codeOf(decideContribution(given))).toBe(code);
    }
  });

  it('refuses inputs that do not match the request (faults)', () => {
    expect(() => decideContribution(national({}, { holder: person('other') }))).toThrow('holder');
    expect(() => decideContribution(national({}, { beneficiary: person('other') }))).toThrow('beneficiary');
    expect(() => decideContribution(national({}, { holderAccount: account('other', 1n) }))).toThrow("not the holder's");
    expect(() => decideContribution(national({}, { holderAccount: account(HOLDER, -1n) }))).toThrow(RangeError);
    expect(() => decideContribution(national({}, { holderAccount: account(HOLDER, 1n, { heldFen: -1n }) }))).toThrow(
      RangeError,
    );
    expect(() => decideContribution(national({}, { holderAccount: account(HOLDER, 1n, { reserveFen: -1n }) }))).toThrow(
      RangeError,
    );
  });
});

describe('refundContribution', () => {
  const paid = { contributionId: 'RM2027:relative-1:001', holderId: HOLDER, amountFen: 40_000n };

  it('returns exactly what was paid, whatever the account reserves or holds now; once', () => {
    const holderAccount = account(HOLDER, 100n, { heldFen: 100n, reserveFen: 5_000n, reserveRatioPercent: 100 });
    expect(refundContribution({ paid, alreadyRefunded: false, holderAccount })).toEqual({
      kind: 'REFUNDED',
      amountFen: 40_000n,
      balanceAfterFen: 40_100n,
    });
    expect(refundContribution({ paid, alreadyRefunded: true, holderAccount })).toEqual({ kind: 'ALREADY_REFUNDED' });
  });

  it('refuses a refund to another account or of nothing (faults)', () => {
    const holderAccount = account(HOLDER, 0n);
    expect(() => refundContribution({ paid, alreadyRefunded: false, holderAccount: account('x', 0n) })).toThrow(
      'paying holder',
    );
    expect(() =>
      refundContribution({ paid: { ...paid, amountFen: 0n }, alreadyRefunded: false, holderAccount }),
    ).toThrow(RangeError);
    expect(() => refundContribution({ paid, alreadyRefunded: false, holderAccount: account(HOLDER, -1n) })).toThrow(
      RangeError,
    );
  });
});
