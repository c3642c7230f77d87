import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      auth: { keys: [{ kid: null, alg: 'HS256' }], issuer: null, audience: null, maxLifetimeS: 86400 },
      kafkaSecurity: { ssl: false, sasl: null },
      databaseMigrationUrl: REQUIRED.DATABASE_URL,
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

  it('refuses an HS256 secret shorter than 32 bytes at start', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: 'x'.repeat(31) })).toContain('AUTH_JWT_SECRET: must be at least 32 bytes');
    expect(parseConfig({ ...REQUIRED, AUTH_JWT_SECRET: 'x'.repeat(32) }).auth.keys).toHaveLength(1);
    // bytes, not characters: 11 Chinese characters are 33 bytes
    expect(parseConfig({ ...REQUIRED, AUTH_JWT_SECRET: '共'.repeat(11) }).auth.keys).toHaveLength(1);
  });

  it('reads a JWKS file and refuses short oct keys, private keys, duplicate kids and unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongji-config-'));
    const file = (name: string, keys: unknown[]): string => {
      writeFileSync(join(dir, name), JSON.stringify({ keys }));
      return join(dir, name);
    };
    const oct = (kid: string, bytes: number) => ({ kty: 'oct', kid, k: Buffer.alloc(bytes, 7).toString('base64url') });
    const jwksOnly = { DATABASE_URL: REQUIRED.DATABASE_URL, KAFKA_BROKERS: REQUIRED.KAFKA_BROKERS };
    const good = parseConfig({ ...jwksOnly, AUTH_JWKS_FILE: file('good.json', [oct('a', 32), oct('b', 64)]) });
    expect(good.auth.keys.map((k) => [k.kid, k.alg])).toEqual([
      ['a', 'HS256'],
      ['b', 'HS256'],
    ]);
    const problems = (env: Record<string, string>): string => problemsOf({ ...env, AUTH_JWT_SECRET: undefined! });
    expect(problems({ AUTH_JWKS_FILE: file('short.json', [oct('a', 31)]) })).toContain('at least 32 bytes');
    expect(problems({ AUTH_JWKS_FILE: file('dup.json', [oct('a', 32), oct('a', 40)]) })).toContain('share a kid');
    expect(
      problems({ AUTH_JWKS_FILE: file('priv.json', [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }]) }),
    ).toContain('private key material');
    // A shared secret beside the issuer's keys would let whoever knows it mint tokens: refused.
    expect(problemsOf({ AUTH_JWKS_FILE: file('good2.json', [oct('a', 32)]) })).toContain('not both');
    expect(problemsOf({ AUTH_JWT_PUBLIC_KEY: 'PEM' })).toContain('not both');
    expect(problems({ AUTH_JWKS_FILE: join(dir, 'missing.json') })).toContain('AUTH_JWKS_FILE: cannot read');
  });

  it('takes the token lifetime, issuer and audience', () => {
    const c = parseConfig({
      ...REQUIRED,
      AUTH_TOKEN_MAX_LIFETIME_S: '3600',
      AUTH_JWT_ISSUER: 'https://bureau.example',
      AUTH_JWT_AUDIENCE: 'gongji',
    });
    expect(c.auth).toMatchObject({ maxLifetimeS: 3600, issuer: 'https://bureau.example', audience: 'gongji' });
  });

  it('validates the broker security settings', () => {
    const c = parseConfig({
      ...REQUIRED,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'pw',
      KAFKA_SSL: 'true',
    });
    expect(c.kafkaSecurity).toEqual({
      ssl: true,
      sasl: { mechanism: 'scram-sha-256', username: 'svc', password: 'pw' },
    });
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toContain('needs KAFKA_SASL_USERNAME');
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi' })).toContain('KAFKA_SASL_MECHANISM');
    expect(problemsOf({ KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' })).toContain('KAFKA_SASL_MECHANISM');
    expect(problemsOf({ KAFKA_SSL_CA_FILE: '/etc/ca.pem' })).toContain('KAFKA_SSL is not true');
    expect(problemsOf({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' })).toContain(
      'KAFKA_SSL_CA_FILE: cannot read',
    );
    expect(problemsOf({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/x.pem' })).toContain('go together');
  });

  it('runs migrations with DATABASE_MIGRATION_URL when set', () => {
    const owner = 'postgres://gongji_owner@127.0.0.1:5432/gongji';
    expect(parseConfig({ ...REQUIRED, DATABASE_MIGRATION_URL: owner }).databaseMigrationUrl).toBe(owner);
  });
  it('takes INBOUND_MAX_BYTES from 768 KiB (the largest contract-valid charge, every character escaped) to 16 MiB, 768 KiB by default', () => {
    expect(parseConfig(REQUIRED).inboundMaxBytes).toBe(786432);
    expect(parseConfig({ ...REQUIRED, INBOUND_MAX_BYTES: '1048576' }).inboundMaxBytes).toBe(1048576);
    expect(problemsOf({ INBOUND_MAX_BYTES: '786431' })).toContain('INBOUND_MAX_BYTES: must be at least 786432');
    expect(problemsOf({ INBOUND_MAX_BYTES: '99999999' })).toContain('INBOUND_MAX_BYTES: must be at most 16777216');
    expect(problemsOf({ INBOUND_MAX_BYTES: 'lots' })).toContain('INBOUND_MAX_BYTES');
  });
});

describe('parseOperatorConfig', () => {
  it('needs only the database and the broker, validated as the service validates them', () => {
    expect(parseOperatorConfig({ DATABASE_URL: REQUIRED.DATABASE_URL, KAFKA_BROKERS: 'a:1, b:2' })).toEqual({
      databaseUrl: REQUIRED.DATABASE_URL,
      kafkaBrokers: ['a:1', 'b:2'],
      kafkaClientId: 'gongji-settlement-service',
      kafkaMaxRetryMs: 2000,
      kafkaSecurity: { ssl: false, sasl: null },
    });
    // The tools reach a secured broker as the service does.
    expect(
      parseOperatorConfig({
        DATABASE_URL: REQUIRED.DATABASE_URL,
        KAFKA_BROKERS: 'a:1',
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'ops',
        KAFKA_SASL_PASSWORD: 'secret',
      }).kafkaSecurity.sasl,
    ).toEqual({ mechanism: 'scram-sha-256', username: 'ops', password: 'secret' });
    // The cross-field rules hold for the tools too: no plaintext by mistake, no password in clear.
    const tools = { DATABASE_URL: REQUIRED.DATABASE_URL, KAFKA_BROKERS: 'a:1' };
    expect(() => parseOperatorConfig({ ...tools, KAFKA_SSL_CA_FILE: '/ca.pem' })).toThrow(/KAFKA_SSL is not true/);
    expect(() =>
      parseOperatorConfig({
        ...tools,
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      }),
    ).toThrow(/needs KAFKA_SSL=true/);
    expect(() => parseOperatorConfig({ ...tools, KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(
      /needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/,
    );
    expect(() => parseOperatorConfig({ DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohost' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL\n {2}KAFKA_BROKERS: each broker must be host:port/,
    );
  });
});
