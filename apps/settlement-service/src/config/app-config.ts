import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

/**
 * The only place that reads the environment (and `.env`). Everything else receives an
 * `AppConfig`. Validation fails fast with one line per bad variable.
 */
const brokerList = z
  .string({ required_error: 'is required (comma-separated host:port)' })
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
  )
  .refine((bs) => bs.length > 0, 'must name at least one broker')
  .refine((bs) => bs.every((b) => /^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(b)), 'each broker must be host:port');

const wholeNumber = (name: string, dflt: number, least: 0 | 1) =>
  z.coerce
    .number({ invalid_type_error: `${name} must be a whole number` })
    .int('must be a whole number')
    .min(least, least === 1 ? 'must be positive' : 'must not be negative')
    .default(dflt);
const positiveInt = (name: string, dflt: number) => wholeNumber(name, dflt, 1);
const nonNegativeInt = (name: string, dflt: number) => wholeNumber(name, dflt, 0);

const envSchema = z
  .object({
    DATABASE_URL: z
      .string({ required_error: 'is required (postgres://user@host:port/db)' })
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    KAFKA_BROKERS: brokerList,
    HTTP_PORT: positiveInt('HTTP_PORT', 3000).refine((p) => p <= 65535, 'must be a port number'),
    AUTH_JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    AUTH_JWT_PUBLIC_KEY: z
      .string()
      .refine((k) => k.includes('BEGIN PUBLIC KEY'), 'must be a PEM public key')
      .optional(),
    AUTHORIZATION_TIMEOUT_S: positiveInt('AUTHORIZATION_TIMEOUT_S', 120),
    CHARGE_MAX_AGE_S: positiveInt('CHARGE_MAX_AGE_S', 86400),
    KAFKA_CLIENT_ID: z.string().default('gongji-settlement-service'),
    KAFKA_GROUP_ID: z.string().default('gongji-settlement-service'),
    /** Messages settled per database transaction; 1 gives the one-at-a-time baseline. */
    SETTLEMENT_BATCH_SIZE: positiveInt('SETTLEMENT_BATCH_SIZE', 500),
    /**
     * A fetch is answered once this much is waiting, or after KAFKA_FETCH_MAX_WAIT_MS when less
     * is: 1 byte answers at once (latency); the long wait only bounds empty polls (idle CPU).
     */
    KAFKA_FETCH_MIN_BYTES: positiveInt('KAFKA_FETCH_MIN_BYTES', 1),
    KAFKA_FETCH_MAX_WAIT_MS: positiveInt('KAFKA_FETCH_MAX_WAIT_MS', 500),
    /**
     * Partitions of one fetch handed to the settlement lane at once (kafkajs'
     * partitionsConsumedConcurrently). At least the inbound partitions an instance may hold: a
     * partition beyond it waits for a whole transaction, and the next fetch with it.
     */
    KAFKA_PARTITIONS_PER_FETCH: positiveInt('KAFKA_PARTITIONS_PER_FETCH', 64),
    /**
     * Least time between two offset commits (what settles meanwhile goes in the next one): each
     * commit is a request the broker handles, and at light load there was one per transaction.
     * Offsets are only ever committed after the database commit; a crash redelivers what was
     * settled since the last one, recognised by business ids.
     */
    KAFKA_OFFSET_COMMIT_INTERVAL_MS: nonNegativeInt('KAFKA_OFFSET_COMMIT_INTERVAL_MS', 200),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_POOL_SIZE: positiveInt('DATABASE_POOL_SIZE', 10),
    OUTBOX_BACKLOG_UNHEALTHY: positiveInt('OUTBOX_BACKLOG_UNHEALTHY', 100000),
  })
  .refine((e) => e.AUTH_JWT_SECRET !== undefined || e.AUTH_JWT_PUBLIC_KEY !== undefined, {
    message: 'set AUTH_JWT_SECRET (HS256) or AUTH_JWT_PUBLIC_KEY (RS256 PEM)',
    path: ['AUTH_JWT_SECRET'],
  });

export interface AppConfig {
  databaseUrl: string;
  kafkaBrokers: string[];
  kafkaClientId: string;
  kafkaGroupId: string;
  httpPort: number;
  auth: { kind: 'HS256'; secret: string } | { kind: 'RS256'; publicKey: string };
  authorizationTimeoutS: number;
  chargeMaxAgeS: number;
  settlementBatchSize: number;
  kafkaFetchMinBytes: number;
  kafkaFetchMaxWaitMs: number;
  kafkaPartitionsPerFetch: number;
  kafkaOffsetCommitIntervalMs: number;
  logLevel: string;
  databasePoolSize: number;
  outboxBacklogUnhealthy: number;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    kafkaBrokers: e.KAFKA_BROKERS,
    kafkaClientId: e.KAFKA_CLIENT_ID,
    kafkaGroupId: e.KAFKA_GROUP_ID,
    httpPort: e.HTTP_PORT,
    auth: e.AUTH_JWT_PUBLIC_KEY
      ? { kind: 'RS256', publicKey: e.AUTH_JWT_PUBLIC_KEY.replace(/\\n/g, '\n') }
      : { kind: 'HS256', secret: e.AUTH_JWT_SECRET as string },
    authorizationTimeoutS: e.AUTHORIZATION_TIMEOUT_S,
    chargeMaxAgeS: e.CHARGE_MAX_AGE_S,
    settlementBatchSize: e.SETTLEMENT_BATCH_SIZE,
    kafkaFetchMinBytes: e.KAFKA_FETCH_MIN_BYTES,
    kafkaFetchMaxWaitMs: e.KAFKA_FETCH_MAX_WAIT_MS,
    kafkaPartitionsPerFetch: e.KAFKA_PARTITIONS_PER_FETCH,
    kafkaOffsetCommitIntervalMs: e.KAFKA_OFFSET_COMMIT_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    outboxBacklogUnhealthy: e.OUTBOX_BACKLOG_UNHEALTHY,
  };
}

/** Reads `.env` (without overriding real environment variables) and validates. */
export function loadConfig(): AppConfig {
  loadDotenv({ quiet: true } as never);
  return parseConfig(process.env);
}
