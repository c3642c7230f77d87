import { EntityManager } from 'typeorm';

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
 * commit of an unbalanced one). Two statements for any number of entries.
 */
export async function appendJournal(tx: EntityManager, entries: readonly JournalEntry[]): Promise<void> {
  const nonEmpty = entries.filter((e) => e.lines.length > 0);
  if (nonEmpty.length === 0) return;
  const ids = (await tx.query(
    `INSERT INTO journal_entries (kind, ref_id)
     SELECT * FROM unnest($1::text[], $2::text[]) RETURNING entry_id, kind, ref_id`,
    [nonEmpty.map((e) => e.kind), nonEmpty.map((e) => e.refId)],
  )) as { entry_id: string; kind: string; ref_id: string }[];
  // RETURNING order is not promised: match ids back by the (kind, ref_id) unique key.
  const idOf = new Map(ids.map((r) => [`${r.kind}|${r.ref_id}`, r.entry_id]));
  const entryIds: string[] = [];
  const lineNos: number[] = [];
  const accounts: string[] = [];
  const sides: string[] = [];
  const amounts: string[] = [];
  nonEmpty.forEach((e) => {
    e.lines.forEach((l, n) => {
      if (l.amountFen <= 0n) throw new Error(`journal line amounts are positive (entry ${e.kind} ${e.refId})`);
      entryIds.push(idOf.get(`${e.kind}|${e.refId}`) as string);
      lineNos.push(n + 1);
      accounts.push(l.ledgerAccount);
      sides.push(l.side);
      amounts.push(l.amountFen.toString());
    });
  });
  await tx.query(
    `INSERT INTO journal_lines (entry_id, line_no, ledger_account, side, amount_fen)
     SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::char[], $5::bigint[])`,
    [entryIds, lineNos, accounts, sides, amounts],
  );
}
