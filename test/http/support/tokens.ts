import { serviceClaims, signHs256 } from '../../../apps/pos-simulator/src/hs256-token';
import { TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, TEST_JWT_SECRET } from '../../support/test-config';

export type TestRole = 'bureau' | 'holder' | 'auditor' | 'merchant';

export interface TokenOptions {
  /** Lifetime in seconds (10 minutes). */
  ttlSeconds?: number;
  /** Extra or replaced claims (e.g. `{ iss: 'other' }`, `{ exp: undefined }` to drop exp). */
  claims?: Record<string, unknown>;
  secret?: string;
  kid?: string;
}

/** A token the service under test accepts (HS256 with the test secret, the test issuer and audience). */
export function tokenFor(roles: TestRole | TestRole[] | string[], sub?: string, options: TokenOptions = {}): string {
  const claims = {
    ...serviceClaims({
      roles: Array.isArray(roles) ? roles : [roles],
      sub,
      ttlSeconds: options.ttlSeconds ?? 600,
      issuer: TEST_JWT_ISSUER,
      audience: TEST_JWT_AUDIENCE,
    }),
    ...options.claims,
  };
  return signHs256(claims, options.secret ?? TEST_JWT_SECRET, options.kid);
}

export const bureauToken = (): string => tokenFor('bureau', 'bureau-staff-1');
export const auditorToken = (): string => tokenFor('auditor', 'auditor-1');
export const holderToken = (personId: string): string => tokenFor('holder', personId);
export const merchantToken = (merchantId: string): string => tokenFor('merchant', merchantId);
