import type { JournalEntry } from '@gongji/domain';
import { CombinedWrite } from './combined-write';
import { SqlRunner } from './sql-runner';

/**
 * Appends balanced entries inside the caller's transaction: one statement for any number of
 * entries and their lines, as the journal's statement triggers require (an entry without its lines
 * in the same statement, or one left unbalanced when it ends, is refused).
 */
export async function appendJournal(sql: SqlRunner, entries: readonly JournalEntry[]): Promise<void> {
  if (!entries.some((e) => e.lines.length > 0)) return;
  const write = new CombinedWrite();
  addJournalEntries(write, entries);
  await write.run(sql);
}

/** The same as parts of a combined write (added even when there is nothing to append). */
export function addJournalEntries(write: CombinedWrite, entries: readonly JournalEntry[]): void {
  const nonEmpty = entries.filter((e) => e.lines.length > 0);
  const lines = nonEmpty.flatMap((e) =>
    e.lines.map((l, n) => {
      if (l.amountFen <= 0n) throw new Error(`journal line amounts are positive (entry ${e.kind} ${e.refId})`);
      return { entry: e, lineNo: n + 1, line: l };
    }),
  );
  // The entries' generated ids reach their lines through the (kind, ref_id) unique key.
  write.add(
    write.insertRows(
      'journal_entries',
      nonEmpty,
      { kind: ['text', (e) => e.kind], ref_id: ['text', (e) => e.refId] },
      'RETURNING entry_id, kind, ref_id',
    ),
    'journal_new_entries',
  );
  write.add(
    `INSERT INTO journal_lines (entry_id, line_no, ledger_account, side, amount_fen)
     SELECT e.entry_id, l.line_no, l.ledger_account, l.side, l.amount_fen
       FROM journal_new_entries e JOIN ${write.rows(lines, {
         kind: ['text', (x) => x.entry.kind],
         ref_id: ['text', (x) => x.entry.refId],
         line_no: ['int4', (x) => x.lineNo],
         ledger_account: ['text', (x) => x.line.ledgerAccount],
         side: ['text', (x) => x.line.side],
         amount_fen: ['int8', (x) => x.line.amountFen],
       })} AS l ON l.kind = e.kind AND l.ref_id = e.ref_id`,
  );
}
