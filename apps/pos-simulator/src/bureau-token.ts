import { serviceClaims, signHs256 } from './hs256-token';

/**
 * A bureau staff token (HS256, `roles: ['bureau']`) signed with the service's AUTH_JWT_SECRET,
 * with the service's AUTH_JWT_ISSUER/AUTH_JWT_AUDIENCE when it checks them.
 */
export function bureauToken(
  secret: string,
  ttlSeconds = 3600,
  claims: { issuer?: string; audience?: string } = {},
): string {
  return signHs256(serviceClaims({ roles: ['bureau'], sub: 'pos-simulator', ttlSeconds, ...claims }), secret);
}
