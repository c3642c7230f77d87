import jwt from 'jsonwebtoken';

/** A bureau staff token (HS256, `roles: ['bureau']`) signed with the service's AUTH_JWT_SECRET. */
export function bureauToken(secret: string, ttlSeconds = 3600): string {
  return roleToken(secret, 'bureau', 'pos-simulator', ttlSeconds);
}

/**
 * A token of one role for one subject (a merchant's `sub` is its merchantId, a holder's their
 * personId), minted the same way as the bureau's so that a change to how tokens are signed lands here.
 */
export function roleToken(
  secret: string,
  role: 'bureau' | 'merchant' | 'holder',
  subject: string,
  ttlSeconds = 3600,
): string {
  return jwt.sign({ roles: [role] }, secret, {
    algorithm: 'HS256',
    subject,
    expiresIn: ttlSeconds,
  });
}
