import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '../..');

/** `npm run demo -- --help` / `npm run bench -- --help`: usage, then exit 0 before anything starts. */
describe.each([
  ['demo', 'scripts/demo.sh', ['DEMO_RATE', 'DEMO_DURATION_S', 'KAFKA_BROKERS', 'DATABASE_URL']],
  ['bench', 'scripts/bench.sh', ['BENCH_RATES', 'BENCH_KAFKA_BROKERS', 'BENCH_SERVICE_ENV_']],
])('%s --help', (name, script, vars) => {
  // Anything the script would start goes through these stand-ins first on PATH: each one only
  // leaves a mark and fails, so a broken --help starts nothing and the test sees it.
  const stubs = mkdtempSync(join(tmpdir(), 'gongji-help-'));
  const marker = join(stubs, 'started');
  for (const tool of [
    'npm',
    'npx',
    'node',
    'java',
    'mvn',
    'psql',
    'pg_isready',
    'curl',
    'setsid',
    'ss',
    'nohup',
    'pg_ctl',
    'pg_ctlcluster',
    'createdb',
    'sleep', // succeeds at once, so a wait loop of a broken script ends within the timeout
  ]) {
    const status = tool === 'sleep' ? 0 : 99;
    writeFileSync(join(stubs, tool), `#!/bin/sh\necho "$0 $*" >> '${marker}'\nexit ${status}\n`);
    chmodSync(join(stubs, tool), 0o755);
  }
  afterAll(() => rmSync(stubs, { recursive: true, force: true }));

  const run = (arg: string) =>
    spawnSync('bash', [join(REPO, script), arg], {
      encoding: 'utf8',
      timeout: 10_000,
      env: { PATH: `${stubs}:/usr/bin:/bin`, HOME: process.env.HOME ?? '/tmp', GONGJI_SKIP_NPM_CI: '1' },
    });

  it.each(['--help', '-h'])('%s prints usage, options and env vars and exits 0', (arg) => {
    const r = run(arg);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: npm run ${name}`);
    expect(r.stdout).toContain('--help');
    for (const v of vars) expect(r.stdout).toContain(v);
    expect(r.stdout).not.toMatch(new RegExp(`${name}: 1/5|starting|stopping`));
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses an unknown argument with status 2', () => {
    const r = run('--no-such-option');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown argument');
  });
});
