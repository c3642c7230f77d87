import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from './app-config';

interface ExampleEntry {
  name: string;
  /** The value of `NAME=value`; undefined for a commented `# NAME=` (optional, unset). */
  value: string | undefined;
}

function readEnvExample(): ExampleEntry[] {
  const text = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
  const entries: ExampleEntry[] = [];
  for (const line of text.split('\n')) {
    const set = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    const optional = /^#\s*([A-Z][A-Z0-9_]*)=\s*$/.exec(line);
    if (set || optional) {
      entries.push({
        name: (set ?? optional)![1],
        value: set ? set[2] : undefined,
      });
    }
  }
  return entries;
}

/** The variables parseConfig reads: every property it looks up on the environment. */
function variablesReadByConfig(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_t, key) => {
      // zod also looks for `then` (a promise?): only NAMES_LIKE_THIS are variables.
      if (typeof key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(key)) read.add(key);
      return undefined;
    },
  });
  try {
    parseConfig(env);
  } catch {
    // Required variables are missing: the point is which ones it asked for.
  }
  return read;
}

describe('.env.example', () => {
  const entries = readEnvExample();
  const listed = new Set(entries.map((e) => e.name));
  const read = variablesReadByConfig();

  it('lists each variable once', () => {
    expect(entries.length).toBe(listed.size);
  });

  it('lists every variable app-config reads', () => {
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((v) => !listed.has(v))).toEqual([]);
  });

  it('lists nothing app-config does not read', () => {
    expect(entries.filter((e) => !read.has(e.name)).map((e) => e.name)).toEqual([]);
  });

  it('gives the defaults app-config has', () => {
    const required = ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'KAFKA_BROKERS', 'AUTH_JWT_SECRET'];
    const requiredEnv = Object.fromEntries(
      entries.filter((e) => required.includes(e.name)).map((e) => [e.name, e.value]),
    );
    const exampleEnv = Object.fromEntries(entries.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
    expect(parseConfig(exampleEnv)).toEqual(parseConfig(requiredEnv));
  });
});
