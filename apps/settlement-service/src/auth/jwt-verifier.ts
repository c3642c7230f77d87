import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { JWTPayload, JWTVerifyGetKey, KeyLike, errors, importJWK, importSPKI, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config';
import type { VerificationKeySpec } from '../config/auth-keys';
import { APP_CONFIG } from '../config/config.module';
import { ApplicationError } from '../shared/errors/application-error';
import { Principal, ROLES, Role } from './principal';

/** Small allowance for clocks of token issuers that run a little ahead or behind. */
const CLOCK_TOLERANCE_S = 5;

interface LoadedKey {
  readonly kid: string | null;
  readonly alg: string;
  readonly key: KeyLike | Uint8Array;
}

async function load(spec: VerificationKeySpec): Promise<LoadedKey> {
  const { source } = spec;
  const key =
    source.kind === 'secret'
      ? createSecretKey(Buffer.from(source.secret, 'utf8'))
      : source.kind === 'spki'
        ? await importSPKI(source.pem, spec.alg)
        : await importJWK(source.jwk, spec.alg);
  return { kid: spec.kid, alg: spec.alg, key };
}

/**
 * Verifies bearer JWTs (jose) against the configured keys: AUTH_JWT_SECRET (HS256),
 * AUTH_JWT_PUBLIC_KEY (RS256) and the keys of AUTH_JWKS_FILE. A token naming a `kid` is checked
 * with that key only; one without is checked with the key(s) without kid. Each key verifies its
 * own algorithm only (no "none", no HS256 signed with a public key). `exp` is required, the
 * lifetime is bounded, and `iss`/`aud` are checked when configured.
 */
@Injectable()
export class JwtVerifier implements OnModuleInit {
  private readonly keys: Promise<readonly LoadedKey[]>;
  private readonly algorithms: string[];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.keys = Promise.all(config.auth.keys.map(load));
    this.keys.catch(() => undefined); // awaited in onModuleInit: a key that does not import stops the start
    this.algorithms = [...new Set(config.auth.keys.map((k) => k.alg))];
  }

  async onModuleInit(): Promise<void> {
    await this.keys;
  }

  /** The principal of an `Authorization: Bearer <jwt>` header; 401 when absent, malformed, badly signed or expired. */
  async fromAuthorizationHeader(header: string | undefined): Promise<Principal> {
    if (!header) throw ApplicationError.unauthorized('missing bearer token');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw ApplicationError.unauthorized('authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }

  async verify(token: string): Promise<Principal> {
    const keys = await this.keys;
    const getKey: JWTVerifyGetKey = (header) => {
      const kid = typeof header.kid === 'string' ? header.kid : null;
      const fitting = keys.filter((k) => k.kid === kid && k.alg === header.alg);
      if (fitting.length === 0) throw new errors.JWKSNoMatchingKey();
      if (fitting.length > 1) throw new errors.JWKSMultipleMatchingKeys();
      return fitting[0].key;
    };
    const { auth } = this.config;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms: this.algorithms,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
        ...(auth.issuer !== null ? { issuer: auth.issuer } : {}),
        ...(auth.audience !== null ? { audience: auth.audience } : {}),
      }));
    } catch (err) {
      throw ApplicationError.unauthorized(err instanceof errors.JWTExpired ? 'token expired' : 'invalid token');
    }
    const exp = payload.exp as number; // required above
    const now = Math.floor(Date.now() / 1000);
    // Bounded from now as well as from iat: an iat set in the future must not stretch the lifetime.
    if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_TOLERANCE_S)
      throw ApplicationError.unauthorized('token issued in the future');
    const from = typeof payload.iat === 'number' ? payload.iat : now;
    if (exp - from > auth.maxLifetimeS || exp - now > auth.maxLifetimeS + CLOCK_TOLERANCE_S)
      throw ApplicationError.unauthorized('token lifetime too long');
    const roles = Array.isArray(payload.roles)
      ? (payload.roles as unknown[]).filter(
          (r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r),
        )
      : [];
    const sub = typeof payload.sub === 'string' && payload.sub.length > 0 ? payload.sub : null;
    return { sub, roles };
  }
}
