import type { OperatorConfig } from '../../config/app-config';
import { openStandaloneSession } from '../../store/standalone-session';
import { UsageError, parseCommandLine } from '../cli/parse-options';
import { EXIT, OpsOutput } from '../ops-output';
import { outboxStatus, republishOutbox } from './outbox-commands';
import { outboxFilterFromOptions } from './outbox-filter';

export const OUTBOX_USAGE = `Usage: npm run outbox -- <status|republish> [options]

  status      rows unsent, sent (kept 7 days) and set aside; the oldest unsent row's age
  republish   mark rows unsent again: the outbox relay of a running service publishes them again
              with their original event id, key, payload and headers (consumers drop duplicates
              by event id, CONTRACT.md); needs --yes, or --dry-run to only print

republish filters (at least one; together they narrow):
  --ids LIST         outbox ids and inclusive ranges, e.g. 1200,1305-1310
  --since TIME       created at or after TIME (ISO 8601, e.g. 2026-12-04T15:00:00Z)
  --until TIME       created at or before TIME
  --limit N          at most N rows, in id order [10000]

Options:
  --dry-run          print the rows, change nothing (exit 0)
  --yes              change them (without it nothing changes and the exit status is 2)
  -h, --help         this text

Environment (the service's; a .env file is read): DATABASE_URL (required), KAFKA_BROKERS
(required by the shared validation). docs/RUNBOOK.md: when and how.`;

/** `npm run outbox -- …`: the exit status. */
export async function runOutboxCli(
  argv: readonly string[],
  config: Pick<OperatorConfig, 'databaseUrl'>,
  output: OpsOutput,
): Promise<number> {
  let parsed;
  let filter = null;
  try {
    parsed = parseCommandLine(argv, { valued: ['ids', 'since', 'until', 'limit'], flags: ['dry-run', 'yes', 'help'] });
    if (parsed.flags.has('help')) {
      output.out(OUTBOX_USAGE);
      return EXIT.ok;
    }
    if (parsed.command === 'republish') filter = outboxFilterFromOptions(parsed.options);
    else if (parsed.command !== 'status') {
      throw new UsageError(parsed.command ? `unknown command '${parsed.command}'` : 'no command');
    } else if (Object.keys(parsed.options).length || parsed.flags.size) {
      throw new UsageError('status takes no options');
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    output.err(`outbox: ${err.message}\n\n${OUTBOX_USAGE}`);
    return EXIT.notDone;
  }
  let session;
  try {
    session = await openStandaloneSession(config.databaseUrl, 'gongji-ops-outbox');
  } catch (err) {
    output.err(`outbox: cannot reach the database: ${(err as Error).message}`);
    return EXIT.failed;
  }
  try {
    const ctx = { sql: session.sql, output };
    return filter === null
      ? await outboxStatus(ctx)
      : await republishOutbox(ctx, filter, { dryRun: parsed.flags.has('dry-run'), yes: parsed.flags.has('yes') });
  } catch (err) {
    output.err(`outbox: ${(err as Error).message}`);
    return EXIT.failed;
  } finally {
    await session.end();
  }
}
