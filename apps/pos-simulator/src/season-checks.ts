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
      name: "season: no contribution paid below the holder's reserve",
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
  return [
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
