import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApplicationError } from '../shared/errors/application-error';
import { Principal, ROLES, Role } from './principal';

/** Small allowance for clocks of token issuers that run a little ahead or behind. */
const CLOCK_TOLERANCE_S = 5;

/** Verifies bearer JWTs with the configured key: HS256 shared secret or RS256 public key. */
@Injectable()
export class JwtVerifier {
  private readonly key: string;
  private readonly algorithm: jwt.Algorithm;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.auth.kind === 'HS256') {
      this.key = config.auth.secret;
      this.algorithm = 'HS256';
    } else {
      this.key = config.auth.publicKey;
      this.algorithm = 'RS256';
    }
  }

  /** The principal of an `Authorization: Bearer <jwt>` header; 401 when absent, malformed, badly signed or expired. */
  fromAuthorizationHeader(header: string | undefined): Principal {
    if (!header) throw ApplicationError.unauthorized('missing bearer token');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw ApplicationError.unauthorized('authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }

  verify(token: string): Principal {
    let payload: string | jwt.JwtPayload;
    try {
      // The algorithm is pinned: a token may not choose it (no "none", no HS256-with-public-key).
      payload = jwt.verify(token, this.key, { algorithms: [this.algorithm], clockTolerance: CLOCK_TOLERANCE_S });
    } catch (err) {
      const reason = err instanceof jwt.TokenExpiredError ? 'token expired' : 'invalid token';
      throw ApplicationError.unauthorized(reason);
    }
    if (typeof payload === 'string') throw ApplicationError.unauthorized('invalid token');
    const roles = Array.isArray(payload.roles)
      ? (payload.roles as unknown[]).filter(
          (r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r),
        )
      : [];
    const sub = typeof payload.sub === 'string' && payload.sub.length > 0 ? payload.sub : null;
    return { sub, roles };
  }
}
