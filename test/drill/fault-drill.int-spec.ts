/**
 * The fault drill's short version (`npm run drill -- --short`, issue #16) as a CI test: the
 * service under steady traffic while an instance is killed and restarted, the broker and the
 * database are restarted, the database goes read-only and the DLQ unwritable, each alone and then
 * all together, on a PRIVATE broker and database the drill starts and stops itself (ports 29092
 * and 55432): the shared broker and database of the other suites are not touched. Uses the built
 * dist/ (npm run test:int and scripts/test-all.sh build first). Several minutes on 2 cores.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../..');
const DRILL_TIMEOUT_MS = 8 * 60_000;

interface DrillRun {
  readonly status: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

function runDrill(args: string[]): Promise<DrillRun> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['scripts/drill.sh', ...args], {
      cwd: REPO,
      env: { ...process.env, DRILL_SKIP_BUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    let timedOut = false;
    // SIGTERM first: the drill then stops the private broker, database and services it started.
    const term = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, DRILL_TIMEOUT_MS);
    const kill = setTimeout(() => child.kill('SIGKILL'), DRILL_TIMEOUT_MS + 90_000);
    child.once('exit', (status) => {
      clearTimeout(term);
      clearTimeout(kill);
      resolve({ status, output: Buffer.concat(chunks).toString('utf8'), timedOut });
    });
  });
}

/** The drill's table (from its heading on), or the last lines when it got no further. */
function tableOf(output: string): string {
  const at = output.lastIndexOf('\nGongji fault drill ');
  if (at >= 0) return output.slice(at + 1);
  return output.split('\n').slice(-80).join('\n');
}

describe('fault drill, short version (private broker and database)', () => {
  it(
    'answers every charge exactly once and resumes within 10 s whatever the infrastructure does',
    async () => {
      const run = await runDrill(['--short']);
      if (run.status !== 0) {
        const why = run.timedOut
          ? `did not finish within ${DRILL_TIMEOUT_MS / 60_000} minutes`
          : run.status === 2
            ? 'could not run (exit status 2)'
            : `failed (exit status ${run.status})`;
        throw new Error(`npm run drill -- --short ${why}:\n\n${tableOf(run.output)}`);
      }
      expect(run.status).toBe(0);
    },
    DRILL_TIMEOUT_MS + 120_000,
  );
});
