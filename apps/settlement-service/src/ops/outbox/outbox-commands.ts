import { pseudonymize } from '../../observability/pseudonymize';
import { OutboxRowFilter, OutboxRowSummary, outboxAdmin } from '../../store/outbox-admin';
import type { SqlRunner } from '../../store/sql-runner';
import { EXIT, OpsOutput } from '../ops-output';

export interface OutboxContext {
  sql: SqlRunner;
  output: OpsOutput;
}

const iso = (d: Date | null): string => (d === null ? '-' : d.toISOString());

function describeRow(r: OutboxRowSummary): string {
  const state = r.sentAt ? `sent ${iso(r.sentAt)}` : r.failedAt ? `set aside ${iso(r.failedAt)}` : 'unsent';
  // The key is a patient's or holder's number: its log tag only.
  return `${r.id} ${r.topic} ${r.eventType} key ${pseudonymize(r.key)} created ${iso(r.createdAt)} ${state}`;
}

export async function outboxStatus(ctx: OutboxContext): Promise<number> {
  const s = await outboxAdmin.status(ctx.sql);
  ctx.output.out(`unsent: ${s.unsent}`);
  ctx.output.out(`sent (kept 7 days for re-publishing): ${s.sent}`);
  ctx.output.out(`set aside (refused by the broker): ${s.setAside}`);
  ctx.output.out(
    `oldest unsent: ${s.oldestUnsentAt === null ? '-' : `${iso(s.oldestUnsentAt)} (${s.oldestUnsentAgeS} s ago)`}`,
  );
  return EXIT.ok;
}

/**
 * Marks the rows a filter names unsent again; the outbox relay of a running service (the instance
 * holding its lock) publishes them at its next poll, within a second, with their original event
 * id, key, payload and headers. Rows already unsent are left as they are. Only with `yes` and not
 * `dryRun`.
 */
export async function republishOutbox(
  ctx: OutboxContext,
  filter: OutboxRowFilter,
  opts: { dryRun: boolean; yes: boolean },
): Promise<number> {
  const rows = await outboxAdmin.rows(ctx.sql, filter);
  const candidates = rows.filter((r) => r.sentAt !== null || r.failedAt !== null);
  const send = opts.yes && !opts.dryRun;
  for (const r of rows)
    ctx.output.out(
      `${r.sentAt || r.failedAt ? (send ? 'republish' : 'would republish') : 'already unsent'} ${describeRow(r)}`,
    );
  if (rows.length === filter.limit) ctx.output.err(`stopped at --limit ${filter.limit} rows`);
  if (!send) {
    ctx.output.err(
      opts.dryRun
        ? `dry run: ${candidates.length} row(s) would be published again; nothing changed`
        : `${candidates.length} row(s) would be published again; nothing changed: add --yes`,
    );
    return opts.dryRun ? EXIT.ok : EXIT.notDone;
  }
  const marked = await outboxAdmin.markUnsent(
    ctx.sql,
    candidates.map((r) => r.id),
  );
  ctx.output.err(`${marked.length} row(s) marked unsent: the outbox relay of a running service publishes them again`);
  return EXIT.ok;
}
