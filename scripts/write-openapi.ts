/**
 * Regenerates docs/openapi.json from the running service: `npx tsx scripts/write-openapi.ts`.
 *
 * The document is built by @nestjs/swagger from decorator metadata, which tsx (esbuild) does not
 * emit, so the app cannot boot under tsx. Instead this runs the OpenAPI integration test (ts-jest
 * emits the metadata) with WRITE_OPENAPI=1, which boots the app against the test database and
 * broker and writes the file. Needs the infrastructure up (`npm run infra:up`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--config',
    'jest.int.config.js',
    'test/http/openapi.int-spec.ts',
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, WRITE_OPENAPI: '1' } },
);
process.exit(result.status ?? 1);
