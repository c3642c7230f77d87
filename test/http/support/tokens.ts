import jwt from 'jsonwebtoken';
import { TEST_JWT_SECRET } from '../../support/test-config';

export type TestRole = 'bureau' | 'holder' | 'auditor' | 'merchant';

/** A token the service under test accepts (HS256 with the test secret). */
export function tokenFor(roles: TestRole | TestRole[] | string[], sub?: string, options: jwt.SignOptions = {}): string {
  const payload: Record<string, unknown> = { roles: Array.isArray(roles) ? roles : [roles] };
  return jwt.sign(payload, TEST_JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: '10m',
    ...(sub ? { subject: sub } : {}),
    ...options,
  });
}

export const bureauToken = (): string => tokenFor('bureau', 'bureau-staff-1');
export const auditorToken = (): string => tokenFor('auditor', 'auditor-1');
export const holderToken = (personId: string): string => tokenFor('holder', personId);
export const merchantToken = (merchantId: string): string => tokenFor('merchant', merchantId);
