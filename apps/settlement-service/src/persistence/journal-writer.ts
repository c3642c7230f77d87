import { EntityManager } from 'typeorm';
import { CombinedWrite } from './combined-write';
import { jsonRecordset } from './json-recordset';

/** A ledger account name in the journal: a personal account, a merchant's clearing account, or outside money. */
export const ledger = {
  personal: (accountId: string) => `PA:${accountId}`,
  merchantClearing: (merchantId: string) => `MC:${merchantId}`,
  contributions: 'EXT:CONTRIBUTIONS',
} as const;

export interface JournalLine {
  ledgerAccount: string;
  side: 'D' | 'C';
  amountFen: bigint;
}

export interface JournalEntry {
  kind: 'SETTLEMENT' | 'REVERSAL' | 'CREDIT';
  /** chargeId, reversalId or creditId: one entry per kind and reference, enforced by a unique key. */
  refId: string;
  lines: JournalLine[];
}

/**
 * Appends balanced entries inside the caller's transaction (a deferred trigger rejects the
 * commit of an unbalanced one): one statement for any number of entries and their lines.
 */
export async function appendJournal(tx: EntityManager, entries: readonly JournalEntry[]): Promise<void> {
  if (!entries.some((e) => e.lines.length > 0)) return;
  const write = new CombinedWrite();
  addJournalEntries(write, entries);
  await write.run(tx);
}

/** The same as parts of a combined write (added even when there is nothing to append). */
export function addJournalEntries(write: CombinedWrite, entries: readonly JournalEntry[]): void {
  const nonEmpty = entries.filter((e) => e.lines.length > 0);
  const rows = nonEmpty.map((e) => ({
    kind: e.kind,
    ref_id: e.refId,
    lines: e.lines.map((l, n) => {
      if (l.amountFen <= 0n) throw new Error(`journal line amounts are positive (entry ${e.kind} ${e.refId})`);
      return { line_no: n + 1, ledger_account: l.ledgerAccount, side: l.side, amount_fen: l.amountFen.toString() };
    }),
  }));
  // The entries' generated ids reach their lines through the (kind, ref_id) unique key.
  write.add(
    `SELECT * FROM json_to_recordset(${write.param(jsonRecordset(rows))}::json) AS v(kind text, ref_id text, lines json)`,
    'journal_input',
  );
  write.add(
    `INSERT INTO journal_entries (kind, ref_id) SELECT kind, ref_id FROM journal_input RETURNING entry_id, kind, ref_id`,
    'journal_new_entries',
  );
  write.add(
    `INSERT INTO journal_lines (entry_id, line_no, ledger_account, side, amount_fen)
     SELECT e.entry_id, l.line_no, l.ledger_account, l.side, l.amount_fen
       FROM journal_new_entries e JOIN journal_input v ON v.kind = e.kind AND v.ref_id = e.ref_id
       CROSS JOIN LATERAL json_to_recordset(v.lines) AS l(line_no int, ledger_account text, side char(1), amount_fen bigint)`,
  );
}
