import type { KafkaConnectionConfig } from '../../config/app-config';
import { UsageError, parseCommandLine } from '../cli/parse-options';
import { opsKafka } from '../ops-kafka';
import { EXIT, OpsOutput } from '../ops-output';
import { inspectDeadLetters, listDeadLetters, replayDeadLetters } from './dlq-commands';
import { selectionFromOptions } from './dlq-selection';

export const DLQ_USAGE = `Usage: npm run dlq -- <list|inspect|replay> [filters] [options]

  list      messages per DLQ topic and reason (x-error-code)
  inspect   each message: DLQ partition@offset, time, reason, original topic/partition/offset,
            key and value with person numbers masked (p#… as in the service's logs)
  replay    send messages back to their original topic: original key, bytes and headers
            (x-error-* and x-original-* taken off); needs --yes, or --dry-run to only print

Filters (all optional; together they narrow):
  --topic T          pos.charges.v1, pos.reversals.v1, mutualaid.authorization-decisions.v1,
                     mutualaid.contribution-requests.v1 (or its .dlq), comma-separated [all]
  --reason CODE      x-error-code, comma-separated (e.g. NOT_JSON_OBJECT,MISSING_ID)
  --partition N      DLQ partition
  --offsets A-B      DLQ offsets, inclusive: A-B, A-, -B or A (with --partition, usually)
  --since TIME       DLQ message time at or after TIME (ISO 8601, e.g. 2026-12-04T15:00:00Z)
  --until TIME       ... at or before TIME
  --limit N          at most N messages (the oldest first per partition)

Options:
  --dry-run          replay: print what would be sent, send nothing (exit 0)
  --yes              replay: send (without it nothing is sent and the exit status is 2)
  --full             inspect: whole values, not the first 300 characters
  -h, --help         this text

Environment (the service's; a .env file is read): KAFKA_BROKERS (required), KAFKA_CLIENT_ID,
KAFKA_MAX_RETRY_MS, DATABASE_URL (required by the shared validation). docs/RUNBOOK.md: when and how.`;

const VALUED = ['topic', 'reason', 'partition', 'offsets', 'since', 'until', 'limit'];
const FLAGS = ['dry-run', 'yes', 'full', 'help'];

/** `npm run dlq -- …`: the exit status. */
export async function runDlqCli(
  argv: readonly string[],
  config: KafkaConnectionConfig,
  output: OpsOutput,
): Promise<number> {
  let parsed;
  let selection;
  try {
    parsed = parseCommandLine(argv, { valued: VALUED, flags: FLAGS });
    if (parsed.flags.has('help')) {
      output.out(DLQ_USAGE);
      return EXIT.ok;
    }
    if (!['list', 'inspect', 'replay'].includes(parsed.command ?? '')) {
      throw new UsageError(parsed.command ? `unknown command '${parsed.command}'` : 'no command');
    }
    if (parsed.command !== 'replay' && (parsed.flags.has('yes') || parsed.flags.has('dry-run'))) {
      throw new UsageError('--yes and --dry-run are for replay');
    }
    selection = selectionFromOptions(parsed.options);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    output.err(`dlq: ${err.message}\n\n${DLQ_USAGE}`);
    return EXIT.notDone;
  }
  const ctx = { kafka: opsKafka(config), config, output };
  try {
    switch (parsed.command) {
      case 'list':
        return await listDeadLetters(ctx, selection);
      case 'inspect':
        return await inspectDeadLetters(ctx, selection, { full: parsed.flags.has('full') });
      default:
        return await replayDeadLetters(ctx, selection, {
          dryRun: parsed.flags.has('dry-run'),
          yes: parsed.flags.has('yes'),
        });
    }
  } catch (err) {
    output.err(`dlq: ${(err as Error).message}`);
    return EXIT.failed;
  }
}
