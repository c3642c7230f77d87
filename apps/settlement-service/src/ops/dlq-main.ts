import { ConfigError, loadOperatorConfig } from '../config/app-config';
import { runDlqCli } from './dlq/dlq-cli';
import { consoleOutput, EXIT } from './ops-output';

/** `npm run dlq -- …` (tsx), or `node dist/…/ops/dlq-main.js …` in the service's image. */
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return runDlqCli(argv, {} as never, consoleOutput);
  let config;
  try {
    config = loadOperatorConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    consoleOutput.err(err.message);
    return EXIT.notDone;
  }
  return runDlqCli(argv, config, consoleOutput);
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (err: unknown) => {
    consoleOutput.err(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(EXIT.failed);
  },
);
