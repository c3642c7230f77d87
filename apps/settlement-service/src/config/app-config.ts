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
    /**
     * Consumer group session: a member that sends no heartbeat for this long is taken out and its
     * partitions go to the others (or to it again once restarted). Kafka's smallest allowed value
     * (group.min.session.timeout.ms) is 6 s by default; this decides how soon a crashed instance's
     * partitions settle again.
     */
    KAFKA_SESSION_TIMEOUT_MS: positiveInt('KAFKA_SESSION_TIMEOUT_MS', 6000),
    /** How often the consumer heartbeats, also while the lane holds through a fault. */
    KAFKA_HEARTBEAT_INTERVAL_MS: positiveInt('KAFKA_HEARTBEAT_INTERVAL_MS', 1000),
    /** How long the group waits for every member to rejoin during a rebalance. */
    KAFKA_REBALANCE_TIMEOUT_MS: positiveInt('KAFKA_REBALANCE_TIMEOUT_MS', 20000),
    /** Longest wait between a Kafka client's retries (connection, coordinator, produce). */
    KAFKA_MAX_RETRY_MS: positiveInt('KAFKA_MAX_RETRY_MS', 2000),
    /**
     * Most bytes (keys, values, headers) one produce request of the outbox and DLQ relays carries:
     * well under the broker's message.max.bytes (1 MiB by default); a request the broker refuses
     * as too large is split until each record goes or is itself refused.
     */
    KAFKA_PRODUCE_MAX_BYTES: positiveInt('KAFKA_PRODUCE_MAX_BYTES', 512 * 1024),
    /** Longest wait between two settlement attempts while a fault of the world holds the lane. */
    SETTLEMENT_MAX_BACKOFF_MS: positiveInt('SETTLEMENT_MAX_BACKOFF_MS', 2000),
    /** /health/ready answers 503 once the lane has been held this long. */
    LANE_HELD_UNHEALTHY_S: positiveInt('LANE_HELD_UNHEALTHY_S', 15),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_POOL_SIZE: positiveInt('DATABASE_POOL_SIZE', 10),
    OUTBOX_BACKLOG_UNHEALTHY: positiveInt('OUTBOX_BACKLOG_UNHEALTHY', 100000),
    /**
     * Largest inbound message value read: a bigger one is refused with its contract code
     * (INVALID_CHARGE, ...) and not stored. The largest contract-valid charge (200 items, ids,
     * codes and names of 4-byte characters at their length limits) is 246 KiB as compact JSON.
     */
    INBOUND_MAX_BYTES: positiveInt('INBOUND_MAX_BYTES', 262144)
      .refine((n) => n >= 262144, 'must be at least 262144 (less refuses contract-valid charges)')
      .refine((n) => n <= 16 * 1024 * 1024, 'must be at most 16777216'),
  })
  .refine((e) => e.KAFKA_HEARTBEAT_INTERVAL_MS * 3 <= e.KAFKA_SESSION_TIMEOUT_MS, {
    message: 'must be at most a third of KAFKA_SESSION_TIMEOUT_MS',
    path: ['KAFKA_HEARTBEAT_INTERVAL_MS'],
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
  kafkaSessionTimeoutMs: number;
  kafkaHeartbeatIntervalMs: number;
  kafkaRebalanceTimeoutMs: number;
  kafkaMaxRetryMs: number;
  kafkaProduceMaxBytes: number;
  settlementMaxBackoffMs: number;
  laneHeldUnhealthyS: number;
  logLevel: string;
  databasePoolSize: number;
  outboxBacklogUnhealthy: number;
  inboundMaxBytes: number;
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
    kafkaSessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
    kafkaHeartbeatIntervalMs: e.KAFKA_HEARTBEAT_INTERVAL_MS,
    kafkaRebalanceTimeoutMs: e.KAFKA_REBALANCE_TIMEOUT_MS,
    kafkaMaxRetryMs: e.KAFKA_MAX_RETRY_MS,
    kafkaProduceMaxBytes: e.KAFKA_PRODUCE_MAX_BYTES,
    settlementMaxBackoffMs: e.SETTLEMENT_MAX_BACKOFF_MS,
    laneHeldUnhealthyS: e.LANE_HELD_UNHEALTHY_S,
    logLevel: e.LOG_LEVEL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    outboxBacklogUnhealthy: e.OUTBOX_BACKLOG_UNHEALTHY,
    inboundMaxBytes: e.INBOUND_MAX_BYTES,
  };
}

/** Reads `.env` (without overriding real environment variables) and validates. */
export function loadConfig(): AppConfig {
  loadDotenv({ quiet: true } as never);
  return parseConfig(process.env);
}
