/**
 * Invariants of the ledger, read straight from PostgreSQL after a run (simulator and bench share
 * them). Each check returns what it found; none changes anything.
 *
 *   journal balanced       every journal entry has debits = credits and at least two lines
 *   no negative balance    accounts.balance_fen >= 0 and 0 <= held_fen <= balance_fen
 *   balance = journal      each account's balance equals its journal lines (C - D on 'PA:' + account_id)
 *   binding limits         no binding's monthly usage above its monthly limit, unless an APPROVED
 *                          authorization exists for that binding
 *   relatives' total       no holder's relatives' usage in a month above the holder's total limit
 *                          (Tai'an-style), unless an APPROVED authorization exists for the holder
 *   charges final          every charge of the run is recorded and none is still awaiting authorization
 *   nothing left held      no money of the run's accounts is still held once all charges are final
 */

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface InvariantScope {
  /** Accounts, bindings and usage of these persons only; undefined = the whole database. */
  readonly personIds?: readonly string[];
  /** Journal entries after this id only (taken before the run); undefined = all. */
  readonly journalEntriesAfter?: string;
  /** The run's charges: ids starting with this prefix, and how many the run sent. */
  readonly charges?: { readonly idPrefix: string; readonly expected: number };
}

const num = (v: unknown): number => Number(v ?? 0);

/** The highest journal entry id now, to scope the journal check to what a run adds. */
export async function lastJournalEntryId(db: Queryable): Promise<string> {
  const { rows } = await db.query(`SELECT coalesce(max(entry_id), 0)::text AS id FROM journal_entries`);
  return String(rows[0].id);
}

export async function checkInvariants(db: Queryable, scope: InvariantScope = {}): Promise<CheckResult[]> {
  const persons = scope.personIds ? [...scope.personIds] : null;
  const results: CheckResult[] = [];

  {
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE NOT ok) AS bad, count(*) AS entries FROM (
         SELECT e.entry_id,
                coalesce(sum(l.amount_fen) FILTER (WHERE l.side = 'D'), 0) = coalesce(sum(l.amount_fen) FILTER (WHERE l.side = 'C'), 0)
                AND count(l.line_no) >= 2 AS ok
           FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.entry_id
          WHERE e.entry_id > $1::bigint
          GROUP BY e.entry_id) x`,
      [scope.journalEntriesAfter ?? '0'],
    );
    const bad = num(rows[0].bad);
    results.push({
      name: 'journal balanced (debits = credits in every entry)',
      ok: bad === 0,
      detail: `${bad} unbalanced of ${num(rows[0].entries)} entries`,
    });
  }

  {
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE balance_fen < 0 OR held_fen < 0 OR held_fen > balance_fen) AS bad, count(*) AS accounts
         FROM accounts WHERE $1::text[] IS NULL OR person_id = ANY($1)`,
      [persons],
    );
    const bad = num(rows[0].bad);
    results.push({
      name: 'no negative balance (balance >= 0, 0 <= held <= balance)',
      ok: bad === 0,
      detail: `${bad} of ${num(rows[0].accounts)} accounts`,
    });
  }

  {
    const { rows } = await db.query(
      `SELECT a.account_id, a.balance_fen::text AS balance, j.total::text AS journal
         FROM accounts a
         CROSS JOIN LATERAL (
           SELECT coalesce(sum(CASE l.side WHEN 'C' THEN l.amount_fen ELSE -l.amount_fen END), 0) AS total
             FROM journal_lines l WHERE l.ledger_account = 'PA:' || a.account_id) j
        WHERE ($1::text[] IS NULL OR a.person_id = ANY($1)) AND a.balance_fen <> j.total
        ORDER BY a.account_id LIMIT 5`,
      [persons],
    );
    results.push({
      name: "each account's balance equals its journal (C - D)",
      ok: rows.length === 0,
      detail:
        rows.length === 0
          ? 'all equal'
          : `differ, e.g. ${rows.map((r) => `${r.account_id}: ${r.balance} vs ${r.journal}`).join('; ')}`,
    });
  }

  {
    const { rows } = await db.query(
      `SELECT u.binding_id, u.month_key, u.used_fen::text AS used, b.monthly_limit_fen::text AS lim
         FROM monthly_usage u JOIN bindings b ON b.binding_id = u.binding_id
        WHERE b.monthly_limit_fen IS NOT NULL AND u.used_fen > b.monthly_limit_fen
          AND ($1::text[] IS NULL OR b.holder_id = ANY($1))
          AND NOT EXISTS (SELECT 1 FROM authorizations a WHERE a.binding_id = u.binding_id AND a.status = 'APPROVED')
        ORDER BY u.binding_id LIMIT 5`,
      [persons],
    );
    results.push({
      name: 'no binding above its monthly limit without an approved authorization',
      ok: rows.length === 0,
      detail:
        rows.length === 0
          ? 'none'
          : `e.g. ${rows.map((r) => `${r.binding_id} ${r.month_key}: ${r.used} > ${r.lim}`).join('; ')}`,
    });
  }

  {
    const { rows } = await db.query(
      `SELECT u.holder_id, u.month_key, sum(u.used_fen)::text AS used, a.relatives_monthly_limit_fen::text AS lim
         FROM monthly_usage u JOIN accounts a ON a.person_id = u.holder_id
        WHERE a.relatives_monthly_limit_fen IS NOT NULL AND ($1::text[] IS NULL OR u.holder_id = ANY($1))
        GROUP BY u.holder_id, u.month_key, a.relatives_monthly_limit_fen
       HAVING sum(u.used_fen) > a.relatives_monthly_limit_fen
          AND NOT EXISTS (SELECT 1 FROM authorizations z WHERE z.holder_id = u.holder_id AND z.status = 'APPROVED')
        LIMIT 5`,
      [persons],
    );
    results.push({
      name: "no holder above the relatives' total monthly limit",
      ok: rows.length === 0,
      detail:
        rows.length === 0
          ? 'none'
          : `e.g. ${rows.map((r) => `${r.holder_id} ${r.month_key}: ${r.used} > ${r.lim}`).join('; ')}`,
    });
  }

  if (scope.charges) {
    const { rows } = await db.query(
      `SELECT count(*) AS recorded, count(*) FILTER (WHERE status = 'PENDING_AUTHORIZATION') AS pending
         FROM charges WHERE charge_id LIKE $1 || '%'`,
      [likeEscape(scope.charges.idPrefix)],
    );
    const recorded = num(rows[0].recorded);
    const pending = num(rows[0].pending);
    results.push({
      name: 'every charge of the run recorded, none still awaiting authorization',
      ok: recorded >= scope.charges.expected && pending === 0,
      detail: `${recorded} recorded of ${scope.charges.expected} sent, ${pending} pending`,
    });
  }

  if (persons) {
    const { rows } = await db.query(
      `SELECT count(*) AS n, coalesce(sum(held_fen), 0)::text AS held FROM accounts WHERE person_id = ANY($1) AND held_fen > 0`,
      [persons],
    );
    results.push({
      name: 'no money left held after the run',
      ok: num(rows[0].n) === 0,
      detail: `${num(rows[0].n)} accounts hold ${rows[0].held} fen`,
    });
  }
  return results;
}

function likeEscape(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
}
