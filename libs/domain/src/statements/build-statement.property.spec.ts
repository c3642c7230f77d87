import fc from 'fast-check';
import type { JournalEntryKind } from '../ledger/journal-entry';
import { buildStatement, type AccountMovement } from './build-statement';

const SIDES: Record<JournalEntryKind, 'C' | 'D'> = {
  CREDIT: 'C',
  SETTLEMENT: 'D',
  REVERSAL: 'C',
  CONTRIBUTION: 'D',
  CONTRIBUTION_REFUND: 'C',
};

const movement = fc
  .record({
    entryKind: fc.constantFrom<JournalEntryKind>(
      'CREDIT',
      'SETTLEMENT',
      'REVERSAL',
      'CONTRIBUTION',
      'CONTRIBUTION_REFUND',
    ),
    amountFen: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    patientId: fc.constantFrom('P1', 'P2', null),
    at: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
  })
  .map((m): AccountMovement => ({
    ...m,
    side: SIDES[m.entryKind],
    ref: { chargeId: 'C1', beneficiaryId: m.patientId, relationship: 'CHILD' },
  }));

describe('buildStatement', () => {
  it('closing = opening + Σ lines, and each balanceAfter is the running sum', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.array(movement, { maxLength: 60 }),
        (opening, movements) => {
          const s = buildStatement({ personId: 'P1', month: '2026-11', openingBalanceFen: opening, movements });
          expect(s.lines).toHaveLength(movements.length);
          let running = opening;
          s.lines.forEach((line, i) => {
            const m = movements[i];
            expect(line.amountFen).toBe(m.side === 'C' ? m.amountFen : -m.amountFen);
            running += line.amountFen;
            expect(line.balanceAfterFen).toBe(running);
          });
          expect(s.closingBalanceFen).toBe(opening + s.lines.reduce((sum, l) => sum + l.amountFen, 0n));
        },
      ),
    );
  });

  it("calls a settlement of the person's own charge OWN_CHARGE, of a relative's RELATIVE_CHARGE", () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 30 }), (movements) => {
        const s = buildStatement({ personId: 'P1', month: '2026-11', openingBalanceFen: 0n, movements });
        s.lines.forEach((line, i) => {
          const m = movements[i];
          if (m.entryKind !== 'SETTLEMENT') expect(line.kind).not.toMatch(/_CHARGE$/);
          else if (m.patientId === 'P1') {
            expect(line.kind).toBe('OWN_CHARGE');
            expect(line.ref).not.toHaveProperty('beneficiaryId');
          } else {
            expect(line.kind).toBe('RELATIVE_CHARGE');
            expect(line.ref.beneficiaryId).toBe(m.patientId);
          }
        });
      }),
    );
  });

  it('refuses a line moving money the wrong way for its kind', () => {
    const wrong: AccountMovement = {
      at: new Date(),
      entryKind: 'SETTLEMENT',
      side: 'C',
      amountFen: 5n,
      patientId: 'P1',
      ref: {},
    };
    expect(() =>
      buildStatement({ personId: 'P1', month: '2026-11', openingBalanceFen: 0n, movements: [wrong] }),
    ).toThrow(/cannot credit/);
  });
});
