import { account, binding, person, REGION } from '../test-support/fixtures';
import { BUILT_IN_POLICY_BOOK } from './built-in-policy-book';
import { checkBindingStanding, type BindingStandingInput } from './check-binding-standing';
import { isFundingSourceEffective } from './is-funding-source-effective';
import type { Relationship } from './model/relationship';
import { describeScope, isRegionCode, isWithinScope, poolingAreaOf, provinceOf } from './region-scope';
import { resolvePolicyAt } from './resolve-policy-at';

const policyOf = (region: string, date = '2026-11-22') => resolvePolicyAt(BUILT_IN_POLICY_BOOK, region, date).policy;

/** A Datong (Shanxi) holder and their Datong mother: in good standing. */
function standing(
  fields: Partial<BindingStandingInput> = {},
  relationship: Relationship = 'MOTHER',
): BindingStandingInput {
  return {
    binding: binding('holder', 'relative', relationship),
    holder: person('holder', { regionCode: REGION.datong }),
    holderAccount: account('holder', 10_000n),
    beneficiary: person('relative', { regionCode: REGION.datong, insuranceType: 'RESIDENT' }),
    holderPolicy: policyOf(REGION.datong),
    ...fields,
  };
}

const reasonOf = (input: BindingStandingInput) => {
  const result = checkBindingStanding(input);
  return result.ok ? 'OK' : result.reason;
};

describe('checkBindingStanding (seed 003_5ce829ad509c60e0: 家人参保中断…共济关系自动失效)', () => {
  it.each<[string, string, BindingStandingInput]>([
    ['OK', 'both insured, allowed relationship, same province', standing()],
    [
      'OK',
      'another city of the same province (Shanxi scope: province)',
      standing({ beneficiary: person('relative', { regionCode: REGION.taiyuan }) }),
    ],
    [
      'HOLDER_NOT_INSURED',
      "the holder's enrollment lapsed",
      standing({ holder: person('holder', { regionCode: REGION.datong, enrollmentStatus: 'SUSPENDED' }) }),
    ],
    [
      'HOLDER_NOT_EMPLOYEE',
      'the holder changed to resident insurance',
      standing({ holder: person('holder', { regionCode: REGION.datong, insuranceType: 'RESIDENT' }) }),
    ],
    ['HOLDER_NOT_EMPLOYEE', 'the holder has no personal account', standing({ holderAccount: null })],
    [
      'BENEFICIARY_NOT_INSURED',
      "the beneficiary's insurance ended",
      standing({ beneficiary: person('relative', { regionCode: REGION.datong, enrollmentStatus: 'TERMINATED' }) }),
    ],
    [
      'RELATIONSHIP_NOT_ALLOWED',
      "seed 000_4e0aaa2d4f92baf0: a sibling outside the holder's region's list",
      standing({}, 'SIBLING'),
    ],
    [
      'OK',
      'seed 004_1992337a589844be: a Taiyuan sibling since 2026-02-06',
      standing(
        {
          holder: person('holder', { regionCode: REGION.taiyuan }),
          beneficiary: person('relative', { regionCode: REGION.taiyuan }),
          holderPolicy: policyOf(REGION.taiyuan),
        },
        'SIBLING',
      ),
    ],
    [
      'CROSS_REGION',
      'seed 000_4e0aaa2d4f92baf0: the beneficiary moved to another province',
      standing({ beneficiary: person('relative', { regionCode: REGION.xian }) }),
    ],
    [
      'OK',
      'seed 002_932bae2467fbe663: a national holder, relatives anywhere',
      standing({
        holder: person('holder', { regionCode: REGION.beijing }),
        beneficiary: person('relative', { regionCode: REGION.xian }),
        holderPolicy: policyOf(REGION.beijing),
      }),
    ],
    [
      'CROSS_REGION',
      'a pooling-area scope: another city of the province',
      standing({
        holderPolicy: { ...policyOf(REGION.datong), scope: 'POOLING_AREA' },
        beneficiary: person('relative', { regionCode: REGION.taiyuan }),
      }),
    ],
  ])('%s: %s', (reason, _, input) => {
    expect(reasonOf(input)).toBe(reason);
  });

  it('checks in the documented order and explains without naming anyone', () => {
    let input = standing(
      {
        holder: person('holder', {
          regionCode: REGION.datong,
          enrollmentStatus: 'TERMINATED',
          insuranceType: 'RESIDENT',
        }),
        holderAccount: null,
        beneficiary: person('relative', { regionCode: REGION.xian, enrollmentStatus: 'SUSPENDED' }),
      },
      'SIBLING',
    );
    const fixes: [string, Partial<BindingStandingInput>][] = [
      ['HOLDER_NOT_INSURED', {}],
      ['HOLDER_NOT_EMPLOYEE', { holder: person('holder', { regionCode: REGION.datong, insuranceType: 'RESIDENT' }) }],
      [
        'BENEFICIARY_NOT_INSURED',
        { holder: person('holder', { regionCode: REGION.datong }), holderAccount: account('holder', 0n) },
      ],
      ['RELATIONSHIP_NOT_ALLOWED', { beneficiary: person('relative', { regionCode: REGION.xian }) }],
      ['CROSS_REGION', { binding: binding('holder', 'relative', 'CHILD') }],
      ['OK', { beneficiary: person('relative', { regionCode: REGION.datong }) }],
    ];
    for (const [reason, fix] of fixes) {
      input = { ...input, ...fix };
      const result = checkBindingStanding(input);
      expect(result.ok ? 'OK' : result.reason).toBe(reason);
      if (!result.ok) {
        expect(result.message.length).toBeGreaterThan(0);
        expect(result.message).not.toContain('holder-');
        expect(result.message).not.toContain('relative');
      }
    }
  });

  it('refuses parties that are not the binding parties (faults)', () => {
    expect(() => checkBindingStanding(standing({ holder: person('other') }))).toThrow('parties');
    expect(() => checkBindingStanding(standing({ beneficiary: person('other') }))).toThrow('parties');
    expect(() => checkBindingStanding(standing({ holderAccount: account('other', 1n) }))).toThrow("not the holder's");
  });
});

describe('isFundingSourceEffective', () => {
  const source = (fields: Partial<BindingStandingInput> = {}) => {
    const s = standing(fields);
    return { ...s, holderAccount: s.holderAccount ?? account('holder', 1n) };
  };

  it('needs an ACTIVE binding in good standing and money on the account', () => {
    expect(isFundingSourceEffective(source())).toBe(true);
    expect(isFundingSourceEffective(source({ holderAccount: account('holder', 1n) }))).toBe(true);
    expect(isFundingSourceEffective(source({ holderAccount: account('holder', 0n) }))).toBe(false);
    expect(
      isFundingSourceEffective(source({ binding: binding('holder', 'relative', 'MOTHER', { status: 'SUSPENDED' }) })),
    ).toBe(false);
    expect(isFundingSourceEffective(source({ beneficiary: person('relative', { regionCode: REGION.xian }) }))).toBe(
      false,
    );
  });
});

describe('region scopes', () => {
  it('compares provinces (2 digits) and pooling areas (4 digits)', () => {
    expect(isRegionCode('140105')).toBe(true);
    expect(isRegionCode('14010')).toBe(false);
    expect(provinceOf('140105')).toBe('14');
    expect(poolingAreaOf('140105')).toBe('1401');
    expect(isWithinScope('NATIONAL', '140105', '610102')).toBe(true);
    expect(isWithinScope('PROVINCE', '140105', '140202')).toBe(true);
    expect(isWithinScope('PROVINCE', '140105', '610102')).toBe(false);
    expect(isWithinScope('POOLING_AREA', '140105', '140106')).toBe(true);
    expect(isWithinScope('POOLING_AREA', '140105', '140202')).toBe(false);
    expect(describeScope('PROVINCE')).toBe('another province');
    expect(describeScope('POOLING_AREA')).toBe('another city (pooling area)');
  });
});
