import { contributionEntry } from './contribution-entry';
import { contributionRefundEntry } from './contribution-refund-entry';
import { creditEntry } from './credit-entry';
import { balancedEntry, netByLedgerAccount } from './journal-entry';
import { ledgerAccount } from './ledger-accounts';
import { reversalEntry } from './reversal-entry';
import { settlementEntry } from './settlement-entry';

const legs = [
  { accountId: 'acc-patient', amountFen: 800n },
  { accountId: 'acc-father', amountFen: 1_500n },
];

describe('ledger accounts', () => {
  it('names personal, merchant clearing, payee clearing and outside money', () => {
    expect(ledgerAccount.personal('a1')).toBe('PA:a1');
    expect(ledgerAccount.merchantClearing('m1')).toBe('MC:m1');
    expect(ledgerAccount.payeeClearing('TAX-1401')).toBe('PC:TAX-1401');
    expect(ledgerAccount.contributions).toBe('EXT:CONTRIBUTIONS');
    expect(() => ledgerAccount.personal('')).toThrow(RangeError);
  });
});

describe('journal entry builders', () => {
  it("SETTLEMENT: each leg's personal account debited, the merchant's clearing credited with the total", () => {
    expect(settlementEntry({ chargeId: 'c1', merchantId: 'm1', legs })).toEqual({
      kind: 'SETTLEMENT',
      refId: 'c1',
      lines: [
        { ledgerAccount: 'PA:acc-patient', side: 'D', amountFen: 800n },
        { ledgerAccount: 'PA:acc-father', side: 'D', amountFen: 1_500n },
        { ledgerAccount: 'MC:m1', side: 'C', amountFen: 2_300n },
      ],
    });
  });

  it("REVERSAL: the merchant's clearing debited with the total, each returned leg credited", () => {
    expect(reversalEntry({ reversalId: 'r1', merchantId: 'm1', legs })).toEqual({
      kind: 'REVERSAL',
      refId: 'r1',
      lines: [
        { ledgerAccount: 'MC:m1', side: 'D', amountFen: 2_300n },
        { ledgerAccount: 'PA:acc-patient', side: 'C', amountFen: 800n },
        { ledgerAccount: 'PA:acc-father', side: 'C', amountFen: 1_500n },
      ],
    });
  });

  it('CREDIT: outside money debited, the personal account credited', () => {
    expect(creditEntry({ creditId: 'cr1', accountId: 'a1', amountFen: 5_000n })).toEqual({
      kind: 'CREDIT',
      refId: 'cr1',
      lines: [
        { ledgerAccount: 'EXT:CONTRIBUTIONS', side: 'D', amountFen: 5_000n },
        { ledgerAccount: 'PA:a1', side: 'C', amountFen: 5_000n },
      ],
    });
  });

  it("CONTRIBUTION and CONTRIBUTION_REFUND: the holder's account to the payee's clearing, and back", () => {
    const paid = contributionEntry({ contributionId: 'k1', holderAccountId: 'a1', payeeId: 'TAX', amountFen: 40_000n });
    const refunded = contributionRefundEntry({
      refundId: 'rf1',
      holderAccountId: 'a1',
      payeeId: 'TAX',
      amountFen: 40_000n,
    });
    expect(paid).toEqual({
      kind: 'CONTRIBUTION',
      refId: 'k1',
      lines: [
        { ledgerAccount: 'PA:a1', side: 'D', amountFen: 40_000n },
        { ledgerAccount: 'PC:TAX', side: 'C', amountFen: 40_000n },
      ],
    });
    expect(refunded).toEqual({
      kind: 'CONTRIBUTION_REFUND',
      refId: 'rf1',
      lines: [
        { ledgerAccount: 'PC:TAX', side: 'D', amountFen: 40_000n },
        { ledgerAccount: 'PA:a1', side: 'C', amountFen: 40_000n },
      ],
    });
    expect([...netByLedgerAccount([paid!, refunded!]).values()]).toEqual([0n, 0n]);
  });

  it('no entry for a zero total', () => {
    expect(settlementEntry({ chargeId: 'c1', merchantId: 'm1', legs: [] })).toBeNull();
    expect(reversalEntry({ reversalId: 'r1', merchantId: 'm1', legs: [] })).toBeNull();
    expect(creditEntry({ creditId: 'cr1', accountId: 'a1', amountFen: 0n })).toBeNull();
    expect(contributionEntry({ contributionId: 'k1', holderAccountId: 'a1', payeeId: 'P', amountFen: 0n })).toBeNull();
    expect(contributionRefundEntry({ refundId: 'f1', holderAccountId: 'a1', payeeId: 'P', amountFen: 0n })).toBeNull();
  });

  it('refuses non-positive amounts, missing references and unbalanced lines (faults)', () => {
    const zeroLeg = [...legs, { accountId: 'acc-mother', amountFen: 0n }];
    expect(() => settlementEntry({ chargeId: 'c1', merchantId: 'm1', legs: zeroLeg })).toThrow('positive');
    expect(() =>
      reversalEntry({ reversalId: 'r1', merchantId: 'm1', legs: [{ accountId: 'a', amountFen: -1n }] }),
    ).toThrow('positive');
    expect(() => creditEntry({ creditId: 'cr1', accountId: 'a1', amountFen: -5n })).toThrow('positive');
    expect(() => creditEntry({ creditId: 'cr1', accountId: 'a1', amountFen: 5 as never })).toThrow('positive');
    expect(() => creditEntry({ creditId: '', accountId: 'a1', amountFen: 5n })).toThrow('without a reference');
    expect(() => settlementEntry({ chargeId: 'c1', merchantId: '', legs })).toThrow('merchantId');
    expect(() =>
      balancedEntry('CREDIT', 'x', [
        { ledgerAccount: 'A', side: 'D', amountFen: 2n },
        { ledgerAccount: 'B', side: 'C', amountFen: 1n },
      ]),
    ).toThrow('differ by 1 fen');
    expect(() => balancedEntry('CREDIT', 'x', [{ ledgerAccount: 'A', side: 'D', amountFen: 2n }])).toThrow(
      'at least two lines',
    );
  });

  it('entries are frozen', () => {
    const entry = creditEntry({ creditId: 'cr1', accountId: 'a1', amountFen: 1n })!;
    expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(entry.lines)).toBe(true);
    expect(Object.isFrozen(entry.lines[0])).toBe(true);
  });
});
