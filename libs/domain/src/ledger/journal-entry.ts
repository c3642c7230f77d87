import type { Fen } from '../money';

export const JOURNAL_ENTRY_KINDS = ['SETTLEMENT', 'REVERSAL', 'CREDIT', 'CONTRIBUTION', 'CONTRIBUTION_REFUND'] as const;
export type JournalEntryKind = (typeof JOURNAL_ENTRY_KINDS)[number];

/** D: debit (money leaves the account), C: credit (money arrives). */
export type JournalSide = 'D' | 'C';

export interface JournalLine {
  readonly ledgerAccount: string;
  readonly side: JournalSide;
  /** Always positive. */
  readonly amountFen: Fen;
}

/** One balanced posting: debits equal credits. At most one entry per kind and reference. */
export interface JournalEntry {
  readonly kind: JournalEntryKind;
  /** chargeId, reversalId, creditId, contributionId or refundId. */
  readonly refId: string;
  readonly lines: readonly JournalLine[];
}

/**
 * The entry, after checking what every builder promises (a fault otherwise): a reference, at
 * least two lines, every amount a positive bigint, debits equal to credits.
 */
export function balancedEntry(kind: JournalEntryKind, refId: string, lines: readonly JournalLine[]): JournalEntry {
  const where = `journal entry ${kind} ${refId}`;
  if (typeof refId !== 'string' || refId.length === 0)
    throw new RangeError(`journal entry ${kind} without a reference`);
  if (lines.length < 2) throw new RangeError(`${where}: needs at least two lines`);
  let balance = 0n;
  for (const line of lines) {
    if (typeof line.amountFen !== 'bigint' || line.amountFen <= 0n) {
      throw new RangeError(`${where}: line amounts must be positive fen`);
    }
    balance += line.side === 'D' ? line.amountFen : -line.amountFen;
  }
  if (balance !== 0n) throw new RangeError(`${where}: debits and credits differ by ${balance} fen`);
  return Object.freeze({ kind, refId, lines: Object.freeze(lines.map((l) => Object.freeze({ ...l }))) });
}

/** Sum of debits minus credits per ledger account over some entries (0 = nets out). */
export function netByLedgerAccount(entries: readonly JournalEntry[]): Map<string, Fen> {
  const net = new Map<string, Fen>();
  for (const entry of entries) {
    for (const line of entry.lines) {
      const signed = line.side === 'D' ? line.amountFen : -line.amountFen;
      net.set(line.ledgerAccount, (net.get(line.ledgerAccount) ?? 0n) + signed);
    }
  }
  return net;
}
