/** Every entry a builder makes balances; an entry and its undoing net every ledger account to zero. */
import fc from 'fast-check';
import { scenarioArb } from '../../test-support/family-arbitraries';
import { reverseSettlement } from '../reverse-settlement';
import { decideCharge } from '../settle-charge';
import { contributionEntry } from './contribution-entry';
import { contributionRefundEntry } from './contribution-refund-entry';
import { creditEntry } from './credit-entry';
import { JOURNAL_ENTRY_KINDS, netByLedgerAccount, type JournalEntry } from './journal-entry';
import { reversalEntry } from './reversal-entry';
import { settlementEntry } from './settlement-entry';

const id = fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/);
const amount = fc.bigInt({ min: 0n, max: 10n ** 12n });
const legsArb = fc.array(fc.record({ accountId: id, amountFen: fc.bigInt({ min: 1n, max: 10n ** 12n }) }), {
  maxLength: 6,
});

type Built = readonly [JournalEntry | null, bigint];
const built = (entry: JournalEntry | null, expectedTotal: bigint): Built => [entry, expectedTotal];

const entryArb: fc.Arbitrary<Built> = fc.oneof(
  fc.record({ chargeId: id, merchantId: id, legs: legsArb }).map((s) => built(settlementEntry(s), total(s.legs))),
  fc.record({ reversalId: id, merchantId: id, legs: legsArb }).map((r) => built(reversalEntry(r), total(r.legs))),
  fc.record({ creditId: id, accountId: id, amountFen: amount }).map((c) => built(creditEntry(c), c.amountFen)),
  fc
    .record({ contributionId: id, holderAccountId: id, payeeId: id, amountFen: amount })
    .map((c) => built(contributionEntry(c), c.amountFen)),
  fc
    .record({ refundId: id, holderAccountId: id, payeeId: id, amountFen: amount })
    .map((r) => built(contributionRefundEntry(r), r.amountFen)),
);

function total(legs: readonly { amountFen: bigint }[]): bigint {
  return legs.reduce((sum, l) => sum + l.amountFen, 0n);
}

const side = (e: JournalEntry, s: 'D' | 'C') => total(e.lines.filter((l) => l.side === s));

describe('journal entry properties', () => {
  it('every built entry balances: debits = credits = the total, at least 2 lines, all amounts > 0; none for 0', () => {
    fc.assert(
      fc.property(entryArb, ([entry, expectedTotal]) => {
        if (expectedTotal === 0n) {
          expect(entry).toBeNull();
          return;
        }
        expect(entry).not.toBeNull();
        const e = entry!;
        expect(JOURNAL_ENTRY_KINDS).toContain(e.kind);
        expect(e.lines.length >= 2).toBe(true);
        for (const line of e.lines) expect(line.amountFen > 0n).toBe(true);
        expect(side(e, 'D')).toBe(side(e, 'C'));
        expect(side(e, 'D')).toBe(expectedTotal);
      }),
      { numRuns: 500 },
    );
  });

  it("a charge's settlement entry and its reversal's entry net every ledger account to zero", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const decision = decideCharge(input);
        if (decision.kind === 'REJECTED') return;
        const settled = settlementEntry({
          chargeId: input.charge.chargeId,
          merchantId: input.charge.merchantId,
          legs: decision.legs,
        });
        const accountsNow = [
          ...(input.patientAccount === null ? [] : [input.patientAccount]),
          ...input.fundingSources.map((s) => s.holderAccount),
        ];
        const reversal = reverseSettlement({ settlement: decision, alreadyReversed: false, accountsNow });
        if (reversal.kind !== 'REVERSED') throw new Error('expected REVERSED');
        const reversed = reversalEntry({ reversalId: 'R1', merchantId: input.charge.merchantId, legs: reversal.legs });
        expect(settled === null).toBe(decision.legs.length === 0);
        expect(reversed === null).toBe(settled === null);
        if (settled === null || reversed === null) return;
        expect(side(settled, 'D')).toBe(decision.amounts.acctPayFen);
        for (const [, net] of netByLedgerAccount([settled, reversed])) expect(net).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });
});
