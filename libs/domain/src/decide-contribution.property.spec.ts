/**
 * Contributions over a sequence of requests and refunds applied to one holder's account, as the
 * adapter would apply them: money is conserved, nothing goes below the reserve, and at most one
 * contribution per beneficiary, scheme and period is paid (and not refunded) at any time.
 */
import fc from 'fast-check';
import { account, NOW, person, REGION } from '../test-support/fixtures';
import { BUILT_IN_POLICY_BOOK } from './built-in-policy-book';
import { CONTRIBUTION_REJECTION_CODES } from './contribution-rejection';
import { decideContribution } from './decide-contribution';
import type { Account } from './model/account';
import { CONTRIBUTION_SCHEMES } from './model/contribution-scheme';
import { RELATIONSHIPS } from './model/relationship';
import { refundContribution } from './refund-contribution';

const HOLDER = 'holder';
const REGIONS = Object.values(REGION);
const BENEFICIARIES = ['b0', 'b1', 'b2'];

type Command =
  | {
      readonly kind: 'pay';
      readonly beneficiary: number;
      readonly relationship: (typeof RELATIONSHIPS)[number];
      readonly scheme: (typeof CONTRIBUTION_SCHEMES)[number];
      readonly period: string;
      readonly amountFen: bigint;
    }
  | { readonly kind: 'refund'; readonly pick: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      beneficiary: fc.integer({ min: 0, max: BENEFICIARIES.length - 1 }),
      relationship: fc.constantFrom(...RELATIONSHIPS),
      scheme: fc.oneof(
        { weight: 3, arbitrary: fc.constant('RESIDENT_MEDICAL' as const) },
        { weight: 2, arbitrary: fc.constantFrom(...CONTRIBUTION_SCHEMES) },
      ),
      period: fc.constantFrom('2026', '2027', '2027-01'),
      amountFen: fc.oneof(fc.bigInt({ min: 1n, max: 60_000n }), fc.constant(0n)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }) },
);

const scenarioArb = fc.record({
  holderRegion: fc.constantFrom(...REGIONS),
  beneficiaryRegions: fc.tuple(...BENEFICIARIES.map(() => fc.constantFrom(...REGIONS))),
  account: fc.record({
    balanceFen: fc.bigInt({ min: 0n, max: 200_000n }),
    heldFen: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 20_000n })),
    reserveFen: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 30_000n })),
    reserveRatioPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  }),
  commands: fc.array(commandArb, { minLength: 1, maxLength: 25 }),
});

interface Paid {
  readonly contributionId: string;
  readonly key: string;
  readonly amountFen: bigint;
  refunded: boolean;
}

const seen = new Set<string>();

describe('decideContribution and refundContribution over a sequence', () => {
  it('conserves money, never goes below the reserve, pays each beneficiary × scheme × period at most once, refunds exactly once', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const holder = person(HOLDER, { regionCode: scenario.holderRegion });
        let holderAccount: Account = account(HOLDER, scenario.account.balanceFen, scenario.account);
        const start = holderAccount.balanceFen;
        const paid: Paid[] = [];
        const live = new Set<string>();

        scenario.commands.forEach((command, n) => {
          if (command.kind === 'refund') {
            if (paid.length === 0) return;
            const record = paid[command.pick % paid.length];
            const refund = refundContribution({
              paid: { contributionId: record.contributionId, holderId: HOLDER, amountFen: record.amountFen },
              alreadyRefunded: record.refunded,
              holderAccount,
            });
            if (record.refunded) {
              expect(refund).toEqual({ kind: 'ALREADY_REFUNDED' });
              seen.add('ALREADY_REFUNDED');
              return;
            }
            expect(refund).toEqual({
              kind: 'REFUNDED',
              amountFen: record.amountFen,
              balanceAfterFen: holderAccount.balanceFen + record.amountFen,
            });
            holderAccount = { ...holderAccount, balanceFen: holderAccount.balanceFen + record.amountFen };
            record.refunded = true;
            live.delete(record.key);
            seen.add('REFUNDED');
            return;
          }

          const beneficiaryId = BENEFICIARIES[command.beneficiary];
          const key = `${beneficiaryId}|${command.scheme}|${command.period}`;
          const decision = decideContribution({
            request: {
              contributionId: `C${n}`,
              holderId: HOLDER,
              beneficiaryId,
              relationship: command.relationship,
              scheme: command.scheme,
              period: command.period,
              amountFen: command.amountFen,
              payeeId: 'TAX',
              requestedAt: NOW,
            },
            holder,
            holderAccount,
            beneficiary: person(beneficiaryId, { regionCode: scenario.beneficiaryRegions[command.beneficiary] }),
            alreadyPaid: live.has(key),
            now: NOW,
            policies: BUILT_IN_POLICY_BOOK,
          });

          if (decision.kind === 'REJECTED') {
            expect(Object.keys(decision).sort()).toEqual(['code', 'kind', 'message']);
            expect(CONTRIBUTION_REJECTION_CODES).toContain(decision.code);
            expect(decision.code).not.toBe('DUPLICATE_CONFLICT');
            expect(decision.message.length).toBeGreaterThan(0);
            seen.add(decision.code);
            return;
          }
          // Exactly a payment: its fields, nothing else (no usage: it counts against no binding's limit).
          expect(Object.keys(decision).sort()).toEqual(['amountFen', 'balanceAfterFen', 'kind', 'policyVersion']);
          expect(live.has(key)).toBe(false);
          const before = holderAccount;
          expect(decision.amountFen).toBe(command.amountFen);
          expect(decision.amountFen > 0n).toBe(true);
          expect(decision.balanceAfterFen).toBe(before.balanceFen - command.amountFen);
          // Never below zero, the holds, the fixed reserve or the ratio of the balance before.
          expect(decision.balanceAfterFen >= 0n).toBe(true);
          expect(decision.balanceAfterFen >= before.heldFen + before.reserveFen).toBe(true);
          const ratio = BigInt(before.reserveRatioPercent ?? 0);
          expect((decision.balanceAfterFen - before.heldFen) * 100n >= before.balanceFen * ratio).toBe(true);
          holderAccount = { ...before, balanceFen: decision.balanceAfterFen };
          paid.push({ contributionId: `C${n}`, key, amountFen: decision.amountFen, refunded: false });
          live.add(key);
          seen.add('PAID');
        });

        // Conservation: the balance moved by exactly what is paid and not refunded.
        const outstanding = paid.filter((p) => !p.refunded).reduce((sum, p) => sum + p.amountFen, 0n);
        expect(holderAccount.balanceFen).toBe(start - outstanding);
        // At most one live payment per beneficiary × scheme × period.
        const liveKeys = paid.filter((p) => !p.refunded).map((p) => p.key);
        expect(new Set(liveKeys).size).toBe(liveKeys.length);
      }),
      { numRuns: 400 },
    );
  });

  it('the sequences reach every outcome (guards against a vacuous run)', () => {
    expect([...seen].sort()).toEqual(
      [
        'ALREADY_PAID',
        'ALREADY_REFUNDED',
        'CROSS_REGION_NOT_ALLOWED',
        'INSUFFICIENT_BALANCE',
        'INVALID_CONTRIBUTION',
        'PAID',
        'REFUNDED',
        'RELATIONSHIP_NOT_ALLOWED',
        'SCHEME_NOT_ALLOWED',
      ].sort(),
    );
  });
});
