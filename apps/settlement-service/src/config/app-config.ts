import { readFileSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { AuthConfig, authKeysFrom } from './auth-keys';
import { KafkaSecurity, KafkaSecurityEnv, kafkaSecurityFrom, kafkaSecurityProblems } from './kafka-security';

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
    /** Migrations run as the schema's owner; the service itself runs as a role without ownership. */
    DATABASE_MIGRATION_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    KAFKA_BROKERS: brokerList,
    HTTP_PORT: positiveInt('HTTP_PORT', 3000).refine((p) => p <= 65535, 'must be a port number'),
    /** HS256 shared secret: at least 32 bytes (RFC 7518 §3.2: no shorter than the hash). */
    AUTH_JWT_SECRET: z
      .string()
      .refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes (HS256)')
      .optional(),
    AUTH_JWT_PUBLIC_KEY: z
      .string()
      .refine((k) => k.includes('BEGIN PUBLIC KEY'), 'must be a PEM public key')
      .optional(),
    /** A JSON Web Key Set file: several verification keys, chosen by the token's `kid` (rotation). */
    AUTH_JWKS_FILE: z.string().min(1).optional(),
    /** When set, a token's `iss` must equal it. */
    AUTH_JWT_ISSUER: z.string().min(1).optional(),
    /** When set, a token's `aud` must contain it. */
    AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
    /** Longest accepted token lifetime: exp - iat (exp - now when iat is absent). */
    AUTH_TOKEN_MAX_LIFETIME_S: positiveInt('AUTH_TOKEN_MAX_LIFETIME_S', 86400),
    KAFKA_SSL: z.enum(['true', 'false']).default('false'),
    KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
    KAFKA_SSL_CERT_FILE: z.string().min(1).optional(),
    KAFKA_SSL_KEY_FILE: z.string().min(1).optional(),
    KAFKA_SSL_REJECT_UNAUTHORIZED: z.enum(['true', 'false']).default('true'),
    KAFKA_SASL_MECHANISM: z.enum(['scram-sha-256', 'scram-sha-512', 'plain']).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
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
     * (INVALID_CHARGE, ...) and not stored. The largest contract-valid charge is 246 KiB as compact
     * UTF-8 JSON but about 680 KB when a producer escapes every non-ASCII character (200 items,
     * names and codes of 4-byte characters, each written as a `\uXXXX\uXXXX` pair), as Jackson's
     * ESCAPE_NON_ASCII and Python's json.dumps do: 768 KiB, under the broker's 1 MiB.
     */
    INBOUND_MAX_BYTES: positiveInt('INBOUND_MAX_BYTES', 786432)
      .refine((n) => n >= 786432, 'must be at least 786432 (less refuses contract-valid charges)')
      .refine((n) => n <= 16 * 1024 * 1024, 'must be at most 16777216'),
  })
  .refine((e) => e.KAFKA_HEARTBEAT_INTERVAL_MS * 3 <= e.KAFKA_SESSION_TIMEOUT_MS, {
    message: 'must be at most a third of KAFKA_SESSION_TIMEOUT_MS',
    path: ['KAFKA_HEARTBEAT_INTERVAL_MS'],
  })
  .refine(
    (e) => e.AUTH_JWT_SECRET !== undefined || e.AUTH_JWT_PUBLIC_KEY !== undefined || e.AUTH_JWKS_FILE !== undefined,
    {
      message: 'set AUTH_JWT_SECRET (HS256), AUTH_JWT_PUBLIC_KEY (RS256 PEM) or AUTH_JWKS_FILE (JSON Web Key Set)',
      path: ['AUTH_JWT_SECRET'],
    },
  )
  .refine((e) => !(e.AUTH_JWT_SECRET !== undefined && (e.AUTH_JWT_PUBLIC_KEY ?? e.AUTH_JWKS_FILE) !== undefined), {
    // A shared secret left beside the issuer's keys would let whoever knows it mint tokens the
    // issuer never signed; during a rotation put every key in AUTH_JWKS_FILE instead.
    message:
      'set either AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY/AUTH_JWKS_FILE, not both (a rotation lists every key in AUTH_JWKS_FILE)',
    path: ['AUTH_JWT_SECRET'],
  })
  .superRefine(addKafkaSecurityIssues);

/** The Kafka settings' cross-field rules as zod issues (the service's schema and the tools'). */
function addKafkaSecurityIssues(e: KafkaSecurityEnv, ctx: z.RefinementCtx): void {
  for (const p of kafkaSecurityProblems(e))
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [p.path], message: p.message });
}

export interface AppConfig {
  databaseUrl: string;
  /** The owner role's URL for migrations (DATABASE_MIGRATION_URL, else DATABASE_URL). */
  databaseMigrationUrl: string;
  kafkaBrokers: string[];
  kafkaClientId: string;
  kafkaGroupId: string;
  httpPort: number;
  auth: AuthConfig;
  /** TLS and SASL for every Kafka client the service makes. */
  kafkaSecurity: KafkaSecurity;
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

/** One line per bad variable. */
function configError(error: z.ZodError): ConfigError {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || 'environment'}: ${i.message}`);
  return new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

const readText = (path: string): string => readFileSync(path, 'utf8');

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw configError(parsed.error);
  const e = parsed.data;
  let auth: AuthConfig;
  let kafkaSecurity: KafkaSecurity;
  try {
    auth = authKeysFrom(e, readText);
    kafkaSecurity = kafkaSecurityFrom(e, readText);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  ${(err as Error).message}`);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL,
    kafkaBrokers: e.KAFKA_BROKERS,
    kafkaClientId: e.KAFKA_CLIENT_ID,
    kafkaGroupId: e.KAFKA_GROUP_ID,
    httpPort: e.HTTP_PORT,
    auth,
    kafkaSecurity,
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

/** What reaching the broker takes (the service's and the operators' tools' Kafka clients). */
export type KafkaConnectionConfig = Pick<
  AppConfig,
  'kafkaBrokers' | 'kafkaClientId' | 'kafkaMaxRetryMs' | 'kafkaSecurity'
>;

/** What the operators' tools (`npm run dlq`, `npm run outbox`) need: the database and the broker. */
export type OperatorConfig = Pick<AppConfig, 'databaseUrl'> & KafkaConnectionConfig;

/**
 * The operators' tools run in the service's environment but need neither its HTTP nor its token
 * settings: the same variables, validated by the same rules, only those the tools use.
 */
export function parseOperatorConfig(env: Record<string, string | undefined>): OperatorConfig {
  let fields: z.ZodTypeAny = envSchema;
  while (fields instanceof z.ZodEffects) fields = fields.innerType();
  const schema = (fields as z.AnyZodObject).pick({
    DATABASE_URL: true,
    KAFKA_BROKERS: true,
    KAFKA_CLIENT_ID: true,
    KAFKA_MAX_RETRY_MS: true,
    KAFKA_SSL: true,
    KAFKA_SSL_CA_FILE: true,
    KAFKA_SSL_CERT_FILE: true,
    KAFKA_SSL_KEY_FILE: true,
    KAFKA_SSL_REJECT_UNAUTHORIZED: true,
    KAFKA_SASL_MECHANISM: true,
    KAFKA_SASL_USERNAME: true,
    KAFKA_SASL_PASSWORD: true,
  });
  // The same cross-field rules as the service's: picking fields drops the schema's refinements.
  const parsed = schema.superRefine((e, ctx) => addKafkaSecurityIssues(e as KafkaSecurityEnv, ctx)).safeParse(env);
  if (!parsed.success) throw configError(parsed.error);
  const e = parsed.data as z.infer<typeof schema> & {
    DATABASE_URL: string;
    KAFKA_BROKERS: string[];
    KAFKA_CLIENT_ID: string;
    KAFKA_MAX_RETRY_MS: number;
  } & Parameters<typeof kafkaSecurityFrom>[0];
  let kafkaSecurity: KafkaSecurity;
  try {
    kafkaSecurity = kafkaSecurityFrom(e, readText);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  ${(err as Error).message}`);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    kafkaBrokers: e.KAFKA_BROKERS,
    kafkaClientId: e.KAFKA_CLIENT_ID,
    kafkaMaxRetryMs: e.KAFKA_MAX_RETRY_MS,
    kafkaSecurity,
  };
}

/** As loadConfig, for the operators' tools. */
export function loadOperatorConfig(): OperatorConfig {
  loadDotenv({ quiet: true } as never);
  return parseOperatorConfig(process.env);
}
