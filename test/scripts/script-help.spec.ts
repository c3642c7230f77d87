import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../..');

/** `npm run demo -- --help` / `npm run bench -- --help`: usage, then exit 0 before anything starts. */
describe.each([
  ['demo', 'scripts/demo.sh', ['DEMO_RATE', 'DEMO_DURATION_S', 'KAFKA_BROKERS', 'DATABASE_URL']],
  ['bench', 'scripts/bench.sh', ['BENCH_RATES', 'BENCH_KAFKA_BROKERS', 'BENCH_SERVICE_ENV_']],
])('%s --help', (name, script, vars) => {
  const run = (arg: string) =>
    spawnSync('bash', [join(REPO, script), arg], {
      encoding: 'utf8',
      timeout: 10_000,
      // Anything the script would start fails at once here: `npm` and `node` cannot be found.
      env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
    });

  it.each(['--help', '-h'])('%s prints usage, options and env vars and exits 0', (arg) => {
    const r = run(arg);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: npm run ${name}`);
    expect(r.stdout).toContain('--help');
    for (const v of vars) expect(r.stdout).toContain(v);
    expect(r.stdout).not.toMatch(new RegExp(`${name}: 1/5|starting|stopping`));
  });

  it('refuses an unknown argument with status 2', () => {
    const r = run('--no-such-option');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown argument');
  });
});
