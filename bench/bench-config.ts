/** The bench's settings, from the environment (scripts/bench.sh passes them through). */

export interface BenchConfig {
  readonly rates: number[];
  readonly stepSeconds: number;
  /** Unmeasured load before the first configuration's steps (after the broker's warm-up). */
  readonly warmupSeconds: number;
  readonly saturationCharges: number;
  readonly population: number;
  /** Partitions of each topic on the private broker (the default of scripts/infra/kafka-up.sh). */
  readonly partitions: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly databaseUrl: string;
  /** The schema owner's URL (migrations). */
  readonly migrationDatabaseUrl: string;
  readonly adminDatabaseUrl: string;
  readonly brokers: string[];
  readonly port: number;
  readonly jwtSecret: string;
  readonly freshDatabase: boolean;
  readonly profile: boolean;
  readonly passthroughPreload: number;
  readonly sqlCeilingCharges: number;
  readonly sqlCeilingChargesOnePerTx: number;
  /** HTTP settlement (POST /v1/charges?waitS) is measured at these rates beside Kafka at the same ones. */
  readonly httpRates: number[];
  /** Share of contributions in the mixed run (contract 1.1 §1): 0.05 = 5%; 0 skips it. */
  readonly contributionShare: number;
  /** Which configurations to run: batched, one-per-transaction. */
  readonly configurations: string[];
  /**
   * Extra settings for the service, for experiments: `BENCH_SERVICE_ENV_<NAME>=<value>` gives the
   * service `<NAME>=<value>` (e.g. `BENCH_SERVICE_ENV_KAFKA_OFFSET_COMMIT_INTERVAL_MS=1000`), over
   * the bench's own. Recorded with the results.
   */
  readonly serviceEnv: Record<string, string>;
}

const SERVICE_ENV_PREFIX = 'BENCH_SERVICE_ENV_';

export function benchConfig(env: Record<string, string | undefined>): BenchConfig {
  const int = (name: string, dflt: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return dflt;
    const v = Number(raw);
    if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive whole number, got ${raw}`);
    return v;
  };
  const rates = (env.BENCH_RATES ?? '100,250,500,1000,2000,4000,8000').split(',').map((r) => Number(r.trim()));
  if (rates.some((r) => !(r > 0))) throw new Error(`BENCH_RATES must be positive numbers, got ${env.BENCH_RATES}`);
  const httpRates = (env.BENCH_HTTP_RATES ?? '200,1000')
    .split(',')
    .filter((r) => r.trim() !== '')
    .map((r) => Number(r.trim()));
  if (httpRates.some((r) => !(r > 0)))
    throw new Error(`BENCH_HTTP_RATES must be positive numbers, got ${env.BENCH_HTTP_RATES}`);
  const contributionShare = Number(env.BENCH_CONTRIBUTION_SHARE ?? '0.05');
  if (!(contributionShare >= 0 && contributionShare < 1))
    throw new Error(`BENCH_CONTRIBUTION_SHARE must be at least 0 and below 1, got ${env.BENCH_CONTRIBUTION_SHARE}`);
  // The service runs as gongji_service and migrates as gongji_owner (scripts/infra/postgres-up.sh);
  // the database is made by postgres.
  const databaseUrl = env.BENCH_DATABASE_URL ?? 'postgres://gongji_service@127.0.0.1:5432/gongji_bench';
  const asUser = (user: string, db?: string): string => {
    const u = new URL(databaseUrl);
    u.username = user;
    u.password = '';
    if (db) u.pathname = `/${db}`;
    return u.toString();
  };
  return {
    rates: rates.sort((a, b) => a - b),
    stepSeconds: int('BENCH_STEP_S', 15),
    warmupSeconds: int('BENCH_WARMUP_S', 20),
    saturationCharges: int('BENCH_SATURATION_N', 40_000),
    population: int('BENCH_POPULATION', 3000),
    partitions: int('BENCH_PARTITIONS', 12),
    seed: int('BENCH_SEED', 42),
    batchSize: int('BENCH_BATCH_SIZE', 500),
    databaseUrl,
    migrationDatabaseUrl: env.BENCH_MIGRATION_DATABASE_URL ?? asUser('gongji_owner'),
    adminDatabaseUrl: env.BENCH_ADMIN_DATABASE_URL ?? asUser('postgres', 'postgres'),
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
    port: int('BENCH_PORT', 3190),
    jwtSecret: env.BENCH_JWT_SECRET ?? 'gongji-bench-secret-not-for-production',
    freshDatabase: (env.BENCH_FRESH_DB ?? '1') !== '0',
    profile: env.BENCH_PROFILE === '1',
    passthroughPreload: int('BENCH_PASSTHROUGH_N', 100_000),
    sqlCeilingCharges: int('BENCH_SQL_N', 40_000),
    sqlCeilingChargesOnePerTx: int('BENCH_SQL_N_ONE', 4_000),
    httpRates: httpRates.sort((a, b) => a - b),
    contributionShare,
    configurations: (env.BENCH_CONFIGS ?? 'batched,one-per-transaction').split(',').map((c) => c.trim()),
    serviceEnv: Object.fromEntries(
      Object.entries(env)
        .filter((e): e is [string, string] => e[0].startsWith(SERVICE_ENV_PREFIX) && e[1] !== undefined)
        .map(([name, value]) => [name.slice(SERVICE_ENV_PREFIX.length), value])
        .filter(([name]) => name !== ''),
    ),
  };
}

export function databaseName(url: string): string {
  const m = /\/([^/?]+)(\?.*)?$/.exec(url);
  if (!m || !/^[a-z_][a-z0-9_]*$/.test(m[1])) throw new Error(`cannot take a plain database name from ${url}`);
  return m[1];
}
