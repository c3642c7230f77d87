import { ConfigError, parseConfig, parseOperatorConfig } from './app-config';

const REQUIRED = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gongji',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'a-secret-long-enough-for-hs256-0123456789',
};

const problemsOf = (env: Record<string, string>): string => {
  try {
    parseConfig({ ...REQUIRED, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('parseConfig', () => {
  it('fills the documented defaults', () => {
    const c = parseConfig(REQUIRED);
    expect(c).toMatchObject({
      kafkaBrokers: ['127.0.0.1:9092'],
      httpPort: 3000,
      settlementBatchSize: 500,
      kafkaFetchMaxWaitMs: 500,
      kafkaOffsetCommitIntervalMs: 200,
      auth: { kind: 'HS256' },
    });
  });

  it('takes 0 for the offset commit interval (commit after every transaction), never less', () => {
    expect(parseConfig({ ...REQUIRED, KAFKA_OFFSET_COMMIT_INTERVAL_MS: '0' }).kafkaOffsetCommitIntervalMs).toBe(0);
    expect(problemsOf({ KAFKA_OFFSET_COMMIT_INTERVAL_MS: '-1' })).toContain(
      'KAFKA_OFFSET_COMMIT_INTERVAL_MS: must not be negative',
    );
    expect(problemsOf({ KAFKA_OFFSET_COMMIT_INTERVAL_MS: '1.5' })).toContain(
      'KAFKA_OFFSET_COMMIT_INTERVAL_MS: must be a whole number',
    );
  });

  it('names every bad value on its own line', () => {
    const message = problemsOf({ SETTLEMENT_BATCH_SIZE: '0', KAFKA_BROKERS: 'nohost' });
    expect(message).toContain('SETTLEMENT_BATCH_SIZE: must be positive');
    expect(message).toContain('KAFKA_BROKERS');
    expect(message.split('\n').length).toBe(3);
  });
});

describe('parseOperatorConfig', () => {
  it('needs only the database and the broker, validated as the service validates them', () => {
    expect(parseOperatorConfig({ DATABASE_URL: REQUIRED.DATABASE_URL, KAFKA_BROKERS: 'a:1, b:2' })).toEqual({
      databaseUrl: REQUIRED.DATABASE_URL,
      kafkaBrokers: ['a:1', 'b:2'],
      kafkaClientId: 'gongji-settlement-service',
      kafkaMaxRetryMs: 2000,
    });
    expect(() => parseOperatorConfig({ DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohost' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL\n {2}KAFKA_BROKERS: each broker must be host:port/,
    );
  });
});
