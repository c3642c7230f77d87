import { serviceClaims, signHs256 } from './hs256-token';

/** How the simulator signs its tokens: the service's AUTH_JWT_SECRET, and its issuer/audience when it checks them. */
export interface TokenSigning {
  readonly secret: string;
  readonly issuer?: string;
  readonly audience?: string;
}

/**
 * A bureau staff token (HS256, `roles: ['bureau']`) signed with the service's AUTH_JWT_SECRET,
 * with the service's AUTH_JWT_ISSUER/AUTH_JWT_AUDIENCE when it checks them.
 */
export function bureauToken(
  secret: string,
  ttlSeconds = 3600,
  claims: { issuer?: string; audience?: string } = {},
): string {
  return roleToken({ secret, ...claims }, 'bureau', 'pos-simulator', ttlSeconds);
}

/**
 * A token of one role for one subject (a merchant's `sub` is its merchantId, a holder's their
 * personId), minted the same way as the bureau's so that a change to how tokens are signed lands here.
 */
export function roleToken(
  signing: TokenSigning,
  role: 'bureau' | 'merchant' | 'holder',
  subject: string,
  ttlSeconds = 3600,
): string {
  return signHs256(
    serviceClaims({
      roles: [role],
      sub: subject,
      ttlSeconds,
      issuer: signing.issuer,
      audience: signing.audience,
    }),
    signing.secret,
  );
}
