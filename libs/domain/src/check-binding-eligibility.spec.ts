import { account, binding, NOW, person, REGION } from '../test-support/fixtures';
import { BUILT_IN_POLICY_BOOK, NATIONAL_POLICY } from './built-in-policy-book';
import { checkBindingEligibility, type BindingEligibilityInput } from './check-binding-eligibility';
import type { Binding } from './model/binding';
import type { Person } from './model/person';
import { makePolicyVersion, policyBook } from './policy-book';

const HOLDER = 'holder-1';
const BENEFICIARY = 'beneficiary-1';

/** A Shaanxi holder with enough balance binding a Shaanxi child within the range: eligible. */
function shaanxiRequest(fields: Partial<BindingEligibilityInput> = {}): BindingEligibilityInput {
  return {
    holder: person(HOLDER, { regionCode: REGION.xian }),
    holderAccount: account(HOLDER, 100_000n),
    beneficiary: person(BENEFICIARY, { regionCode: REGION.xianyang, insuranceType: 'RESIDENT' }),
    relationship: 'CHILD',
    monthlyLimitFen: 50_000n,
    holderBindings: [],
    holderBindingsAsBeneficiary: [],
    beneficiaryBindingsAsHolder: [],
    now: NOW,
    policies: BUILT_IN_POLICY_BOOK,
    ...fields,
  };
}

function inRegion(region: string, fields: Partial<BindingEligibilityInput> = {}): BindingEligibilityInput {
  return shaanxiRequest({
    holder: person(HOLDER, { regionCode: region }),
    beneficiary: person(BENEFICIARY, { regionCode: region }),
    monthlyLimitFen: null,
    ...fields,
  });
}

function otherBindings(count: number, fields: Partial<Binding> = {}): Binding[] {
  return Array.from({ length: count }, (_, i) => binding(HOLDER, `relative-${i}`, 'CHILD', fields));
}

function codeOf(input: BindingEligibilityInput): string {
  const result = checkBindingEligibility(input);
  return result.ok ? 'OK' : result.code;
}

describe('checkBindingEligibility', () => {
  it('accepts an eligible request and names the policy that decided', () => {
    expect(checkBindingEligibility(shaanxiRequest())).toEqual({
      ok: true,
      policyVersion: '00@2024-01-01+61@2024-01-01',
    });
    expect(checkBindingEligibility(inRegion(REGION.beijing))).toEqual({ ok: true, policyVersion: '00@2024-01-01' });
    expect(checkBindingEligibility(inRegion(REGION.taiyuan))).toEqual({
      ok: true,
      policyVersion: '00@2024-01-01+14@2024-01-01+1401@2026-02-06',
    });
  });

  it.each<[string, string, BindingEligibilityInput]>([
    [
      'SELF_BINDING',
      'seed 003_5ce829ad509c60e0: a holder binds relatives, not themself',
      shaanxiRequest({ beneficiary: person(HOLDER, { regionCode: REGION.xian }) }),
    ],
    ['HOLDER_NOT_INSURED', 'unknown holder', shaanxiRequest({ holder: null })],
    [
      'HOLDER_NOT_INSURED',
      'holder suspended',
      shaanxiRequest({ holder: person(HOLDER, { regionCode: REGION.xian, enrollmentStatus: 'SUSPENDED' }) }),
    ],
    [
      'HOLDER_NOT_INSURED',
      'holder terminated',
      shaanxiRequest({ holder: person(HOLDER, { regionCode: REGION.xian, enrollmentStatus: 'TERMINATED' }) }),
    ],
    [
      'HOLDER_NOT_EMPLOYEE',
      'seed 002_932bae2467fbe663: only employee insurance has an account',
      shaanxiRequest({ holder: person(HOLDER, { regionCode: REGION.xian, insuranceType: 'RESIDENT' }) }),
    ],
    ['HOLDER_NOT_EMPLOYEE', 'employee without a personal account', shaanxiRequest({ holderAccount: null })],
    ['BENEFICIARY_NOT_INSURED', 'unknown beneficiary', shaanxiRequest({ beneficiary: null })],
    [
      'BENEFICIARY_NOT_INSURED',
      'seed 002_932bae2467fbe663: 若家庭成员未参保 (not insured)',
      shaanxiRequest({ beneficiary: person(BENEFICIARY, { regionCode: REGION.xian, enrollmentStatus: 'TERMINATED' }) }),
    ],
    [
      'ALREADY_BOUND',
      'an active binding of the pair',
      shaanxiRequest({ holderBindings: [binding(HOLDER, BENEFICIARY, 'CHILD')] }),
    ],
    [
      'ALREADY_BOUND',
      'a suspended binding of the pair',
      shaanxiRequest({ holderBindings: [binding(HOLDER, BENEFICIARY, 'CHILD', { status: 'SUSPENDED' })] }),
    ],
    [
      'OK',
      'a revoked binding of the pair does not count',
      shaanxiRequest({ holderBindings: [binding(HOLDER, BENEFICIARY, 'CHILD', { status: 'REVOKED' })] }),
    ],
    [
      'ALREADY_BOUND',
      "Tai'an: the holder is already a beneficiary",
      inRegion(REGION.taian, { holderBindingsAsBeneficiary: [binding('someone', HOLDER, 'CHILD')] }),
    ],
    [
      'ALREADY_BOUND',
      "Tai'an: the beneficiary is already a holder",
      inRegion(REGION.taian, { beneficiaryBindingsAsHolder: [binding(BENEFICIARY, 'someone', 'CHILD')] }),
    ],
    [
      'OK',
      "Tai'an: revoked bindings in the other role do not count",
      inRegion(REGION.taian, {
        holderBindingsAsBeneficiary: [binding('someone', HOLDER, 'CHILD', { status: 'REVOKED' })],
        beneficiaryBindingsAsHolder: [binding(BENEFICIARY, 'x', 'CHILD', { status: 'REVOKED' })],
      }),
    ],
    [
      'OK',
      'national: a beneficiary may also be a holder (seed 002_932bae2467fbe663)',
      inRegion(REGION.beijing, {
        holderBindingsAsBeneficiary: [binding('someone', HOLDER, 'CHILD')],
        beneficiaryBindingsAsHolder: [binding(BENEFICIARY, 'x', 'CHILD')],
      }),
    ],
    [
      'RELATIONSHIP_NOT_ALLOWED',
      'seed 000_4e0aaa2d4f92baf0 (Shanxi, Datong): 仅限配偶、父母、子女 — no siblings',
      inRegion(REGION.datong, { relationship: 'SIBLING' }),
    ],
    [
      'RELATIONSHIP_NOT_ALLOWED',
      'seed 000_4e0aaa2d4f92baf0 (Shanxi, Datong): no grandparents',
      inRegion(REGION.datong, { relationship: 'GRANDPARENT' }),
    ],
    ['OK', 'seed 000_4e0aaa2d4f92baf0 (Shanxi): spouse allowed', inRegion(REGION.datong, { relationship: 'SPOUSE' })],
    [
      'OK',
      'seed 004_1992337a589844be (Taiyuan, since 2026-02-06): grandparents are near relatives',
      inRegion(REGION.taiyuan, { relationship: 'GRANDPARENT' }),
    ],
    [
      'OK',
      'seed 002_932bae2467fbe663 (national): siblings are near relatives',
      inRegion(REGION.beijing, { relationship: 'SIBLING' }),
    ],
    [
      'OK',
      'seed 004_1992337a589844be (national): grandchildren are near relatives',
      inRegion(REGION.beijing, { relationship: 'GRANDCHILD' }),
    ],
    [
      'OK',
      'seed 001_a5f479d59029a871 (Shaanxi): grandparents are near relatives',
      shaanxiRequest({ relationship: 'GRANDPARENT' }),
    ],
    [
      'RELATIONSHIP_NOT_ALLOWED',
      "Tai'an: one father per holder",
      inRegion(REGION.taian, { relationship: 'FATHER', holderBindings: [binding(HOLDER, 'dad', 'FATHER')] }),
    ],
    [
      'RELATIONSHIP_NOT_ALLOWED',
      "Tai'an: one spouse per holder",
      inRegion(REGION.taian, {
        relationship: 'SPOUSE',
        holderBindings: [binding(HOLDER, 'wife', 'SPOUSE', { status: 'SUSPENDED' })],
      }),
    ],
    [
      'OK',
      "Tai'an: a revoked father does not count",
      inRegion(REGION.taian, {
        relationship: 'FATHER',
        holderBindings: [binding(HOLDER, 'dad', 'FATHER', { status: 'REVOKED' })],
      }),
    ],
    [
      'OK',
      "Tai'an: several children are fine",
      inRegion(REGION.taian, { relationship: 'CHILD', holderBindings: [binding(HOLDER, 'kid', 'CHILD')] }),
    ],
    [
      'OK',
      'national: two fathers are not limited',
      inRegion(REGION.beijing, { relationship: 'FATHER', holderBindings: [binding(HOLDER, 'dad', 'FATHER')] }),
    ],
    [
      'CROSS_PROVINCE_NOT_ALLOWED',
      'seed 001_a5f479d59029a871 (Shaanxi): 跨省参保成员暂不支持绑定',
      shaanxiRequest({ beneficiary: person(BENEFICIARY, { regionCode: REGION.beijing }) }),
    ],
    [
      'CROSS_PROVINCE_NOT_ALLOWED',
      'seed 000_4e0aaa2d4f92baf0 (Shanxi): no cross-province members',
      inRegion(REGION.datong, { beneficiary: person(BENEFICIARY, { regionCode: REGION.xian }) }),
    ],
    [
      'CROSS_PROVINCE_NOT_ALLOWED',
      'seed 004_1992337a589844be (Taiyuan): wider relationships, still Shanxi members only',
      inRegion(REGION.taiyuan, {
        relationship: 'SIBLING',
        beneficiary: person(BENEFICIARY, { regionCode: REGION.xian }),
      }),
    ],
    [
      'OK',
      'seed 000_4e0aaa2d4f92baf0 (Shanxi): another city of the province is fine',
      inRegion(REGION.taiyuan, { beneficiary: person(BENEFICIARY, { regionCode: REGION.datong }) }),
    ],
    [
      'OK',
      'national holder: cross-province allowed',
      inRegion(REGION.beijing, { beneficiary: person(BENEFICIARY, { regionCode: REGION.xian }) }),
    ],
    [
      'HOLDER_FRAUD_RECORD',
      'seed 001_a5f479d59029a871 (Shaanxi): 近两年无骗保违规记录',
      shaanxiRequest({ holder: person(HOLDER, { regionCode: REGION.xian, fraudRecordAt: '2025-03-01' }) }),
    ],
    [
      'HOLDER_FRAUD_RECORD',
      'seed 001_a5f479d59029a871 (Shaanxi): exactly two years ago still counts',
      shaanxiRequest({ holder: person(HOLDER, { regionCode: REGION.xian, fraudRecordAt: '2024-11-22' }) }),
    ],
    [
      'OK',
      'seed 001_a5f479d59029a871 (Shaanxi): a fraud record older than two years',
      shaanxiRequest({ holder: person(HOLDER, { regionCode: REGION.xian, fraudRecordAt: '2024-11-21' }) }),
    ],
    [
      'OK',
      'national: no fraud look-back',
      inRegion(REGION.beijing, { holder: person(HOLDER, { fraudRecordAt: '2026-11-01' }) }),
    ],
    [
      'HOLDER_BALANCE_TOO_LOW',
      'seed 001_a5f479d59029a871 (Shaanxi): 余额不低于1000元 — 999.99 yuan',
      shaanxiRequest({ holderAccount: account(HOLDER, 99_999n) }),
    ],
    [
      'OK',
      'seed 001_a5f479d59029a871 (Shaanxi): exactly 1000 yuan, even with holds (balance, not available, counts)',
      shaanxiRequest({ holderAccount: account(HOLDER, 100_000n, { heldFen: 50_000n }) }),
    ],
    [
      'HOLDER_BALANCE_TOO_LOW',
      'seed 003_5ce829ad509c60e0 (national): 职工账户有余额 — an empty account cannot be bound',
      inRegion(REGION.beijing, { holderAccount: account(HOLDER, 0n) }),
    ],
    [
      'OK',
      'seed 003_5ce829ad509c60e0 (national): any money at all, even all of it held',
      inRegion(REGION.beijing, { holderAccount: account(HOLDER, 1n, { heldFen: 1n }) }),
    ],
    [
      'TOO_MANY_BENEFICIARIES',
      "Tai'an: at most 8 relatives per holder",
      inRegion(REGION.taian, { holderBindings: otherBindings(8) }),
    ],
    [
      'OK',
      "Tai'an: 7 relatives and a revoked one",
      inRegion(REGION.taian, {
        holderBindings: [...otherBindings(7), binding(HOLDER, 'gone', 'CHILD', { status: 'REVOKED' })],
      }),
    ],
    ['OK', 'national: no maximum', inRegion(REGION.beijing, { holderBindings: otherBindings(20) })],
    [
      'LIMIT_OUT_OF_RANGE',
      'seed 001_a5f479d59029a871 (Shaanxi): a limit is required',
      shaanxiRequest({ monthlyLimitFen: null }),
    ],
    [
      'LIMIT_OUT_OF_RANGE',
      'seed 001_a5f479d59029a871 (Shaanxi): 2000.01 yuan',
      shaanxiRequest({ monthlyLimitFen: 200_001n }),
    ],
    ['LIMIT_OUT_OF_RANGE', 'national: a non-positive limit', inRegion(REGION.beijing, { monthlyLimitFen: 0n })],
  ])('%s: %s', (code, _, input) => {
    const result = checkBindingEligibility(input);
    expect(result.ok ? 'OK' : result.code).toBe(code);
    if (!result.ok) {
      expect(result.message).not.toContain(HOLDER);
      expect(result.message).not.toContain(BENEFICIARY);
    }
  });

  it('checks in the documented precedence order: each failure hides the ones after it', () => {
    const holderAs = (fields: Partial<Person>) => person(HOLDER, { regionCode: REGION.taian, ...fields });
    const fullTaianHolder = [...otherBindings(7), binding(HOLDER, 'dad', 'FATHER')];
    // A Tai'an holder breaking every rule; a custom book adds Shaanxi-like rules to Tai'an.
    const policies = policyBook([
      makePolicyVersion({ regionCode: '00', effectiveFrom: '2024-01-01', source: 'test', fields: NATIONAL_POLICY }),
      makePolicyVersion({
        regionCode: '3709',
        effectiveFrom: '2024-01-01',
        source: 'test',
        fields: {
          maxBeneficiaries: 8,
          singleBeneficiaryRelationships: ['FATHER'],
          exclusiveRoles: true,
          allowedRelationships: ['FATHER', 'CHILD'],
          scope: 'PROVINCE',
          fraudLookbackMonths: 24,
          minHolderBalanceFen: 100_000n,
          monthlyLimitRangeFen: { minFen: 20_000n, maxFen: 200_000n },
        },
      }),
    ]);
    const steps: [string, Partial<BindingEligibilityInput>][] = [
      ['SELF_BINDING', {}],
      [
        'HOLDER_NOT_INSURED',
        { beneficiary: person(BENEFICIARY, { regionCode: REGION.beijing, enrollmentStatus: 'TERMINATED' }) },
      ],
      ['HOLDER_NOT_EMPLOYEE', { holder: holderAs({ insuranceType: 'RESIDENT', fraudRecordAt: '2026-01-01' }) }],
      [
        'BENEFICIARY_NOT_INSURED',
        { holder: holderAs({ fraudRecordAt: '2026-01-01' }), holderAccount: account(HOLDER, 99_999n) },
      ],
      ['ALREADY_BOUND', { beneficiary: person(BENEFICIARY, { regionCode: REGION.beijing }) }],
      ['RELATIONSHIP_NOT_ALLOWED', { holderBindings: fullTaianHolder, holderBindingsAsBeneficiary: [] }],
      ['RELATIONSHIP_NOT_ALLOWED', { relationship: 'FATHER' }],
      ['CROSS_PROVINCE_NOT_ALLOWED', { relationship: 'CHILD' }],
      ['HOLDER_FRAUD_RECORD', { beneficiary: person(BENEFICIARY, { regionCode: REGION.taian }) }],
      ['HOLDER_BALANCE_TOO_LOW', { holder: holderAs({}) }],
      ['TOO_MANY_BENEFICIARIES', { holderAccount: account(HOLDER, 100_000n) }],
      ['LIMIT_OUT_OF_RANGE', { holderBindings: otherBindings(7) }],
      ['OK', { monthlyLimitFen: 20_000n }],
    ];
    let input: BindingEligibilityInput = {
      holder: null,
      holderAccount: null,
      beneficiary: null,
      relationship: 'SIBLING',
      monthlyLimitFen: null,
      holderBindings: [binding(HOLDER, BENEFICIARY, 'CHILD')],
      holderBindingsAsBeneficiary: [binding('someone', HOLDER, 'CHILD')],
      beneficiaryBindingsAsHolder: [],
      now: NOW,
      policies,
    };
    // Step 0: make it a self-binding on top of everything else.
    input = { ...input, holder: holderAs({ enrollmentStatus: 'SUSPENDED' }), beneficiary: holderAs({}) };
    for (const [expected, fix] of steps) {
      input = { ...input, ...fix };
      expect(codeOf(input)).toBe(expected);
    }
  });

  it('refuses inconsistent inputs as faults', () => {
    expect(() => checkBindingEligibility(shaanxiRequest({ holderAccount: account('other', 100_000n) }))).toThrow(
      "not the holder's",
    );
    expect(() => checkBindingEligibility(shaanxiRequest({ holderBindings: [binding('other', 'x', 'CHILD')] }))).toThrow(
      "not the holder's",
    );
  });
});

describe('checkBindingEligibility: the version in force on the day of the request (UTC+8)', () => {
  const sibling = (regionCode: string, now: Date): BindingEligibilityInput => ({
    holder: person(HOLDER, { regionCode }),
    holderAccount: account(HOLDER, 100_000n),
    beneficiary: person(BENEFICIARY, { regionCode }),
    relationship: 'SIBLING',
    monthlyLimitFen: null,
    holderBindings: [],
    holderBindingsAsBeneficiary: [],
    beneficiaryBindingsAsHolder: [],
    now,
    policies: BUILT_IN_POLICY_BOOK,
  });
  const lastDayBefore = new Date('2026-02-05T23:59:59+08:00');
  const firstDay = new Date('2026-02-06T00:00:00+08:00');

  it('seed 004_1992337a589844be (Taiyuan, 2026-02-06): a sibling is accepted from that day on, refused the day before', () => {
    expect(checkBindingEligibility(sibling(REGION.taiyuan, lastDayBefore))).toEqual({
      ok: false,
      code: 'RELATIONSHIP_NOT_ALLOWED',
      message: 'region policy 00@2024-01-01+14@2024-01-01 does not allow binding a SIBLING',
    });
    // 2026-02-05T16:00Z is already Feb 6 in Beijing.
    expect(firstDay.toISOString()).toBe('2026-02-05T16:00:00.000Z');
    expect(checkBindingEligibility(sibling(REGION.taiyuan, firstDay))).toEqual({
      ok: true,
      policyVersion: '00@2024-01-01+14@2024-01-01+1401@2026-02-06',
    });
    expect(checkBindingEligibility(sibling('140109', NOW))).toMatchObject({ ok: true });
  });

  it('seed 000_4e0aaa2d4f92baf0 (Shanxi outside Taiyuan): a Datong sibling is still refused after 2026-02-06', () => {
    for (const now of [lastDayBefore, firstDay, NOW]) {
      expect(checkBindingEligibility(sibling(REGION.datong, now))).toMatchObject({
        ok: false,
        code: 'RELATIONSHIP_NOT_ALLOWED',
        message: expect.stringContaining('00@2024-01-01+14@2024-01-01 '),
      });
    }
  });

  it('seed 001_a5f479d59029a871 (Shaanxi): the same rules before and after Taiyuan changed', () => {
    for (const now of [lastDayBefore, firstDay, NOW]) {
      expect(codeOf(shaanxiRequest({ now }))).toBe('OK');
      expect(codeOf(shaanxiRequest({ now, holderAccount: account(HOLDER, 99_999n) }))).toBe('HOLDER_BALANCE_TOO_LOW');
      expect(codeOf(shaanxiRequest({ now, monthlyLimitFen: 200_001n }))).toBe('LIMIT_OUT_OF_RANGE');
      expect(codeOf(shaanxiRequest({ now, beneficiary: person(BENEFICIARY, { regionCode: REGION.taiyuan }) }))).toBe(
        'CROSS_PROVINCE_NOT_ALLOWED',
      );
    }
  });

  it('a pooling-area scope refuses another city of the same province', () => {
    const policies = policyBook([
      makePolicyVersion({ regionCode: '00', effectiveFrom: '2024-01-01', source: 'test', fields: NATIONAL_POLICY }),
      makePolicyVersion({
        regionCode: '61',
        effectiveFrom: '2024-01-01',
        source: 'test',
        fields: { scope: 'POOLING_AREA' },
      }),
    ]);
    const xianHolder = { policies, holder: person(HOLDER, { regionCode: REGION.xian }) };
    expect(
      checkBindingEligibility({
        ...shaanxiRequest(xianHolder),
        beneficiary: person(BENEFICIARY, { regionCode: REGION.xianyang }),
      }),
    ).toEqual({
      ok: false,
      code: 'CROSS_PROVINCE_NOT_ALLOWED',
      message:
        'region policy 00@2024-01-01+61@2024-01-01 does not allow members insured in another city (pooling area)',
    });
    expect(codeOf({ ...shaanxiRequest(xianHolder), beneficiary: person(BENEFICIARY, { regionCode: '610113' }) })).toBe(
      'OK',
    );
  });

  it('a request before the book starts is a fault', () => {
    expect(() => checkBindingEligibility(shaanxiRequest({ now: new Date('2023-12-31T12:00:00+08:00') }))).toThrow(
      RangeError,
    );
  });
});
