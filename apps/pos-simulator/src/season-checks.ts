/**
 * The collection season's checks: from the answers (each request answered once, as planned; no
 * payment below the holder's reserve; the refund) and from PostgreSQL (what the run paid recorded
 * once, nothing paid twice for the same beneficiary, scheme and period). Balance = journal for
 * every account is the general invariant (invariants.ts), which now covers contributions too.
 */
import type { SeasonReport } from './collection-season';
import type { CheckResult, Queryable } from './invariants';

export function seasonChecks(r: SeasonReport): CheckResult[] {
  const checks: CheckResult[] = [
    {
      name: 'season: every contribution request answered, as its region policy says',
      ok: r.planned > 0 && r.unanswered === 0 && r.unexpected.length === 0 && r.httpDisagreements === 0,
      detail:
        `${r.answered} of ${r.planned} answered, ${r.unexpected.length} unexpected, ` +
        `${r.httpDisagreements} HTTP answers unlike the event` +
        (r.unexpected.length ? `; e.g. ${r.unexpected.slice(0, 2).join('; ')}` : ''),
    },
    {
      name: "season: no contribution paid below the holder's reserve (answers)",
      ok: r.belowReserve.length === 0,
      detail: r.belowReserve.length ? r.belowReserve.slice(0, 2).join('; ') : `${r.paid} paid, none below`,
    },
  ];
  if (r.refund) checks.push({ name: 'season: a refund by the bureau returns exactly what was paid', ...r.refund });
  return checks;
}

export async function seasonDbChecks(
  db: Queryable,
  idPrefix: string,
  paidIds: readonly string[],
): Promise<CheckResult[]> {
  const { rows: twice } = await db.query(
    `SELECT beneficiary_id, scheme, period, count(*)::int AS n FROM contributions
      WHERE status = 'PAID' AND beneficiary_id IN (
        SELECT beneficiary_id FROM contributions WHERE contribution_id LIKE $1 || '%')
      GROUP BY beneficiary_id, scheme, period HAVING count(*) > 1 LIMIT 5`,
    [idPrefix],
  );
  const { rows: recorded } = await db.query(
    `SELECT count(*)::int AS n FROM contributions WHERE contribution_id = ANY($1::text[]) AND status IN ('PAID', 'REFUNDED')`,
    [[...paidIds]],
  );
  // The reserve as it stands now (fixed, or a ratio of the balance before the payment).
  const { rows: below } = await db.query(
    `SELECT c.contribution_id, c.balance_after_fen::text AS after, a.reserve_fen::text AS reserve
       FROM contributions c JOIN accounts a ON a.person_id = c.holder_id
      WHERE c.contribution_id LIKE $1 || '%' AND c.status IN ('PAID', 'REFUNDED')
        AND c.balance_after_fen < CASE WHEN a.reserve_ratio_percent IS NULL THEN a.reserve_fen
              ELSE (c.balance_after_fen + c.amount_fen) * a.reserve_ratio_percent / 100 END
      LIMIT 5`,
    [idPrefix],
  );
  return [
    {
      name: "season: no contribution left the holder's balance below the reserve (database)",
      ok: below.length === 0,
      detail: below.length
        ? below.map((r) => `${r.contribution_id}: ${r.after} < ${r.reserve}`).join('; ')
        : `none of ${paidIds.length} paid`,
    },
    {
      name: 'season: nothing paid twice for the same beneficiary x scheme x period',
      ok: twice.length === 0,
      detail: twice.length
        ? twice.map((t) => `${t.beneficiary_id} ${t.scheme} ${t.period}: ${t.n}`).join('; ')
        : 'none',
    },
    {
      name: 'season: every paid contribution recorded (paid or refunded)',
      ok: Number(recorded[0].n) === paidIds.length,
      detail: `${Number(recorded[0].n)} of ${paidIds.length}`,
    },
  ];
}
