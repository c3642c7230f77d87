import { account, charge, item, merchant, NOW, person, source } from '../test-support/fixtures';
import { BUILT_IN_POLICY_BOOK } from './built-in-policy-book';
import { reverseSettlement } from './reverse-settlement';
import { decideCharge } from './settle-charge';

describe('reverseSettlement', () => {
  const PATIENT = 'patient-1';
  const father = person('holder-father');
  const decision = decideCharge({
    charge: charge(PATIENT, [item({ amountFen: 5_000n })]),
    merchant: merchant(),
    patient: person(PATIENT),
    patientAccount: account(PATIENT, 1_000n),
    fundingSources: [source(PATIENT, { holder: father, relationship: 'FATHER', balanceFen: 10_000n })],
    now: NOW,
    policies: BUILT_IN_POLICY_BOOK,
  });
  if (decision.kind !== 'SETTLED') throw new Error('expected SETTLED');

  it('returns exactly the recorded legs to their accounts and frees the usage', () => {
    // Balances now: both debited, and the father received a contribution since.
    const accountsNow = [account(PATIENT, 0n), account('holder-father', 6_000n + 2_500n)];
    const result = reverseSettlement({ settlement: decision, alreadyReversed: false, accountsNow });
    expect(result).toEqual({
      kind: 'REVERSED',
      legs: [
        {
          accountId: `ACC-${PATIENT}`,
          holderId: PATIENT,
          relationship: 'SELF',
          bindingId: null,
          amountFen: 1_000n,
          balanceAfterFen: 1_000n,
        },
        {
          accountId: 'ACC-holder-father',
          holderId: 'holder-father',
          relationship: 'FATHER',
          bindingId: `B-holder-father-${PATIENT}`,
          amountFen: 4_000n,
          balanceAfterFen: 12_500n,
        },
      ],
      usageToFree: decision.usage,
      reversedFen: 5_000n,
    });
  });

  it('reversing twice returns nothing (ALREADY_REVERSED, not an exception)', () => {
    expect(reverseSettlement({ settlement: decision, alreadyReversed: true, accountsNow: [] })).toEqual({
      kind: 'ALREADY_REVERSED',
    });
  });

  it('a settlement with nothing from accounts reverses to no legs', () => {
    expect(reverseSettlement({ settlement: { legs: [], usage: [] }, alreadyReversed: false, accountsNow: [] })).toEqual(
      {
        kind: 'REVERSED',
        legs: [],
        usageToFree: [],
        reversedFen: 0n,
      },
    );
  });

  it('two recorded legs on one account add up', () => {
    const leg = decision.legs[1];
    const result = reverseSettlement({
      settlement: { legs: [leg, leg], usage: [] },
      alreadyReversed: false,
      accountsNow: [account('holder-father', 0n)],
    });
    expect(result.kind === 'REVERSED' && result.legs.map((l) => l.balanceAfterFen)).toEqual([4_000n, 8_000n]);
  });

  it('refuses missing accounts and negative legs (faults)', () => {
    expect(() => reverseSettlement({ settlement: decision, alreadyReversed: false, accountsNow: [] })).toThrow(
      'accountsNow',
    );
    const bad = { ...decision.legs[0], amountFen: -1n };
    expect(() =>
      reverseSettlement({
        settlement: { legs: [bad], usage: [] },
        alreadyReversed: false,
        accountsNow: [account(PATIENT, 0n)],
      }),
    ).toThrow(RangeError);
  });
});
