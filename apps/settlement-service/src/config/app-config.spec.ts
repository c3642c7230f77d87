import { ConfigError, parseConfig } from './app-config';

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

  it('takes INBOUND_MAX_BYTES from 256 KiB (the largest contract-valid charge is 246 KiB) to 16 MiB, 256 KiB by default', () => {
    expect(parseConfig(REQUIRED).inboundMaxBytes).toBe(262144);
    expect(parseConfig({ ...REQUIRED, INBOUND_MAX_BYTES: '1048576' }).inboundMaxBytes).toBe(1048576);
    expect(problemsOf({ INBOUND_MAX_BYTES: '262143' })).toContain('INBOUND_MAX_BYTES: must be at least 262144');
    expect(problemsOf({ INBOUND_MAX_BYTES: '99999999' })).toContain('INBOUND_MAX_BYTES: must be at most 16777216');
    expect(problemsOf({ INBOUND_MAX_BYTES: 'lots' })).toContain('INBOUND_MAX_BYTES');
  });
});
