import { ConfigError, loadOperatorConfig } from '../config/app-config';
import { runOutboxCli } from './outbox/outbox-cli';
import { consoleOutput, EXIT } from './ops-output';

/** `npm run outbox -- …` (tsx), or `node dist/…/ops/outbox-main.js …` in the service's image. */
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return runOutboxCli(argv, { databaseUrl: '' }, consoleOutput);
  let config;
  try {
    config = loadOperatorConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    consoleOutput.err(err.message);
    return EXIT.notDone;
  }
  return runOutboxCli(argv, config, consoleOutput);
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (err: unknown) => {
    consoleOutput.err(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(EXIT.failed);
  },
);
