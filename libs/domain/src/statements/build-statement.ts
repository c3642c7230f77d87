import type { Fen } from '../money';
import type { JournalEntryKind, JournalSide } from '../ledger/journal-entry';

export const STATEMENT_LINE_KINDS = [
  'CREDIT',
  'OWN_CHARGE',
  'RELATIVE_CHARGE',
  'REVERSAL',
  'CONTRIBUTION',
  'CONTRIBUTION_REFUND',
] as const;
export type StatementLineKind = (typeof STATEMENT_LINE_KINDS)[number];

/** What a line refers to: ids only (chargeId, merchantId, beneficiaryId, relationship, ...). */
export type StatementRef = Readonly<Record<string, string | null>>;

/**
 * One journal line on the person's personal account, in journal order, with what it refers to.
 * `patientId`: for a settlement or reversal, whose charge it was (the person's own, or a relative's).
 */
export interface AccountMovement {
  readonly at: Date;
  readonly entryKind: JournalEntryKind;
  readonly side: JournalSide;
  readonly amountFen: Fen;
  readonly patientId: string | null;
  readonly ref: StatementRef;
}

export interface StatementLine {
  readonly at: Date;
  readonly kind: StatementLineKind;
  /** Signed: money in positive, money out negative. */
  readonly amountFen: Fen;
  readonly balanceAfterFen: Fen;
  readonly ref: StatementRef;
}

export interface Statement {
  readonly personId: string;
  readonly month: string;
  readonly openingBalanceFen: Fen;
  readonly lines: readonly StatementLine[];
  readonly closingBalanceFen: Fen;
}

/** Which way money may move on a personal account for each kind of journal entry. */
const SIDE_OF: Record<JournalEntryKind, JournalSide> = {
  CREDIT: 'C',
  SETTLEMENT: 'D',
  REVERSAL: 'C',
  CONTRIBUTION: 'D',
  CONTRIBUTION_REFUND: 'C',
};

/**
 * A month of a personal account (contract 1.1 §3) from its journal lines: each line signed
 * (a debit leaves the account), the balance after each, and `closing = opening + Σ lines`. A
 * settlement is OWN_CHARGE when the person was the patient, RELATIVE_CHARGE (a relative drew on
 * them, named in `ref`) otherwise. A line moving money the wrong way for its kind is a fault.
 */
export function buildStatement(input: {
  readonly personId: string;
  readonly month: string;
  readonly openingBalanceFen: Fen;
  readonly movements: readonly AccountMovement[];
}): Statement {
  let balance = input.openingBalanceFen;
  const lines = input.movements.map((m): StatementLine => {
    if (typeof m.amountFen !== 'bigint' || m.amountFen <= 0n) throw new RangeError('journal amounts are positive fen');
    if (SIDE_OF[m.entryKind] !== m.side) {
      throw new RangeError(`a ${m.entryKind} entry cannot ${m.side === 'D' ? 'debit' : 'credit'} a personal account`);
    }
    const amountFen = m.side === 'C' ? m.amountFen : -m.amountFen;
    balance += amountFen;
    const kind = lineKind(m, input.personId);
    return { at: m.at, kind, amountFen, balanceAfterFen: balance, ref: refFor(kind, m.ref) };
  });
  return {
    personId: input.personId,
    month: input.month,
    openingBalanceFen: input.openingBalanceFen,
    lines,
    closingBalanceFen: balance,
  };
}

function lineKind(m: AccountMovement, personId: string): StatementLineKind {
  switch (m.entryKind) {
    case 'CREDIT':
      return 'CREDIT';
    case 'SETTLEMENT':
      return m.patientId === personId ? 'OWN_CHARGE' : 'RELATIVE_CHARGE';
    case 'REVERSAL':
      return 'REVERSAL';
    case 'CONTRIBUTION':
      return 'CONTRIBUTION';
    case 'CONTRIBUTION_REFUND':
      return 'CONTRIBUTION_REFUND';
  }
}

/** A person's own charge names no beneficiary: they are it. */
function refFor(kind: StatementLineKind, ref: StatementRef): StatementRef {
  if (kind !== 'OWN_CHARGE') return ref;
  const { beneficiaryId: _b, relationship: _r, ...rest } = ref;
  return rest;
}
