import { AppConfig, parseConfig } from '../../apps/settlement-service/src/config/app-config';

/** The superuser's URL: fixtures, cluster-wide switches (read-only), databases of their own. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gongji_test';
const asUser = (url: string, user: string): string => {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
};
/** What the service under test runs as: the role without ownership (scripts/infra/postgres-up.sh). */
export const TEST_SERVICE_DATABASE_URL =
  process.env.TEST_SERVICE_DATABASE_URL ?? asUser(TEST_DATABASE_URL, 'gongji_service');
/** What the service under test migrates as: the schema's owner. */
export const TEST_OWNER_DATABASE_URL = process.env.TEST_OWNER_DATABASE_URL ?? asUser(TEST_DATABASE_URL, 'gongji_owner');
export const TEST_KAFKA_BROKERS = process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092';
export const TEST_JWT_SECRET = 'integration-test-secret-0123456789abcdef';
export const TEST_JWT_ISSUER = 'gongji-test-issuer';
export const TEST_JWT_AUDIENCE = 'gongji-settlement';

/** Configuration for an in-process service under test; every value goes through the real validation. */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return parseConfig({
    DATABASE_URL: TEST_SERVICE_DATABASE_URL,
    DATABASE_MIGRATION_URL: TEST_OWNER_DATABASE_URL,
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
    HTTP_PORT: '3999',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    AUTH_JWT_ISSUER: TEST_JWT_ISSUER,
    AUTH_JWT_AUDIENCE: TEST_JWT_AUDIENCE,
    KAFKA_GROUP_ID: 'gongji-settlement-test',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}
