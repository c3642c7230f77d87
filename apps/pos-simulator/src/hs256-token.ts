import { createHmac } from 'node:crypto';

/**
 * Signs an HS256 JWT synchronously (callers build tokens inline: the simulator, the bench, the
 * test helpers, scripts/print-token.ts). Signing is a single HMAC; verification, where the
 * checks matter, is done by jose in the service.
 */
export function signHs256(claims: Record<string, unknown>, secret: string, kid?: string): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${part({ alg: 'HS256', typ: 'JWT', ...(kid !== undefined ? { kid } : {}) })}.${part(claims)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** Claims a token for the service needs: roles, subject, iat/exp, and iss/aud when the service checks them. */
export function serviceClaims(options: {
  roles: readonly string[];
  sub?: string;
  ttlSeconds: number;
  issuer?: string;
  audience?: string;
}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    roles: options.roles,
    ...(options.sub !== undefined ? { sub: options.sub } : {}),
    iat: now,
    exp: now + options.ttlSeconds,
    ...(options.issuer ? { iss: options.issuer } : {}),
    ...(options.audience ? { aud: options.audience } : {}),
  };
}
