import jwt from 'jsonwebtoken';

/** A bureau staff token (HS256, `roles: ['bureau']`) signed with the service's AUTH_JWT_SECRET. */
export function bureauToken(secret: string, ttlSeconds = 3600): string {
  return jwt.sign({ roles: ['bureau'] }, secret, {
    algorithm: 'HS256',
    subject: 'pos-simulator',
    expiresIn: ttlSeconds,
  });
}
