/**
 * What the drill's database knows of the charges that did not get exactly one final outcome, so
 * a failed drill (in CI, where nothing else is kept) says where each one stopped: never settled
 * (no charges row: not consumed, or consumed and dropped), settled with its event still unsent or
 * set aside, or settled and published but not seen by the simulator.
 */
import { Client } from 'pg';
import { oneDecimalS } from './verdict';

export interface ProblemChargeSeen {
  readonly chargeId: string;
  readonly plannedAtMs: number | null;
  readonly producedAtMs?: number | null;
  readonly finals: readonly string[];
  readonly answers?: number;
  readonly authorizationRequested?: boolean;
  readonly reversals?: readonly string[];
  readonly droppedAsForeign?: readonly string[];
}

/** At most this many charges are traced (each costs a scan of the outbox's payloads). */
export const MAX_TRACED = 10;

/** One line per problem charge (at most MAX_TRACED), times in s since `t0`. */
export async function traceProblemCharges(
  url: string,
  problems: readonly ProblemChargeSeen[],
  t0: number,
): Promise<string[]> {
  const traced = problems.slice(0, MAX_TRACED);
  if (traced.length === 0) return [];
  const ids = traced.map((p) => p.chargeId);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000, statement_timeout: 15_000 });
  await client.connect();
  try {
    const charges = await client.query<{
      charge_id: string;
      status: string;
      reason_code: string | null;
      decided_at: Date;
    }>(`SELECT charge_id, status, reason_code, decided_at FROM charges WHERE charge_id = ANY($1)`, [ids]);
    // Sent rows are purged after a while; what is left tells unsent or set-aside ones apart.
    const outbox = await client.query<{
      charge_id: string;
      event_type: string;
      sent_at: Date | null;
      failed_at: Date | null;
    }>(
      `SELECT c.id AS charge_id, o.event_type, o.sent_at, o.failed_at
         FROM unnest($1::text[]) AS c(id) JOIN outbox o ON o.payload LIKE '%' || c.id || '%'`,
      [ids],
    );
    const letters = await client
      .query<{ charge_id: string; n: number }>(
        `SELECT c.id AS charge_id, count(*)::int AS n
         FROM unnest($1::text[]) AS c(id) JOIN dead_letters d ON position(convert_to(c.id, 'UTF8') IN d.message_value) > 0
        GROUP BY c.id`,
        [ids],
      )
      .catch(() => ({ rows: [] as { charge_id: string; n: number }[] }));
    return traced.map((p) => {
      const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '-' : oneDecimalS(ms - t0));
      const row = charges.rows.find((r) => r.charge_id === p.chargeId);
      const events = outbox.rows
        .filter((r) => r.charge_id === p.chargeId)
        .map((r) => `${r.event_type} ${r.failed_at ? 'SET ASIDE' : r.sent_at ? 'sent' : 'UNSENT'}`);
      const dead = letters.rows.find((r) => r.charge_id === p.chargeId)?.n ?? 0;
      const seen = [
        `planned ${s(p.plannedAtMs)} s, produced ${s(p.producedAtMs)} s`,
        `simulator saw ${p.finals.length ? p.finals.join(' + ') : 'no final'}, ${p.answers ?? 0} answer(s)`,
        p.authorizationRequested ? 'an authorization request' : '',
        p.reversals?.length ? `reversed ${p.reversals.join(', ')}` : '',
        p.droppedAsForeign?.length ? `dropped as another instance's: ${p.droppedAsForeign.join(', ')}` : '',
      ].filter(Boolean);
      const db = row
        ? `database: ${row.status}${row.reason_code ? ` ${row.reason_code}` : ''} at ${s(row.decided_at.getTime())} s`
        : 'database: NO charges row';
      const rest = [
        events.length ? `outbox: ${events.join(', ')}` : 'outbox: no row left',
        dead ? `${dead} dead letter(s)` : '',
      ];
      return `${p.chargeId}: ${[...seen, db, ...rest].filter(Boolean).join('; ')}`;
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}
