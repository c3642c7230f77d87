/**
 * The token verification settings, from the validated environment (app-config.ts reads the
 * environment and the files; this only checks and shapes what they hold).
 */

/** A JSON Web Key as found in a JWKS file (public members only are used). */
export type JsonWebKeyFields = Record<string, unknown> & { kty: string; kid?: string; alg?: string };

/** One verification key: a token is checked with it only when its header names exactly this `alg` (and `kid`). */
export interface VerificationKeySpec {
  /** null: used for tokens without `kid` (AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY, or a JWKS key without kid). */
  readonly kid: string | null;
  readonly alg: string;
  readonly source:
    | { readonly kind: 'secret'; readonly secret: string }
    | { readonly kind: 'spki'; readonly pem: string }
    | { readonly kind: 'jwk'; readonly jwk: JsonWebKeyFields };
}

export interface AuthConfig {
  readonly keys: readonly VerificationKeySpec[];
  readonly issuer: string | null;
  readonly audience: string | null;
  readonly maxLifetimeS: number;
}

interface AuthEnv {
  AUTH_JWT_SECRET?: string;
  AUTH_JWT_PUBLIC_KEY?: string;
  AUTH_JWKS_FILE?: string;
  AUTH_JWT_ISSUER?: string;
  AUTH_JWT_AUDIENCE?: string;
  AUTH_TOKEN_MAX_LIFETIME_S: number;
}

/** The algorithm each key type verifies by default; a key's own `alg` must be one of its type's. */
const ALGORITHMS: Record<string, readonly string[]> = {
  oct: ['HS256', 'HS384', 'HS512'],
  RSA: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  EC: ['ES256', 'ES384', 'ES512'],
  OKP: ['EdDSA'],
};
const EC_ALG_BY_CURVE: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
/** Private members: a verifier holds public keys only (and oct secrets, which are both). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

function fail(message: string): never {
  throw new Error(message);
}

function jwkSpec(raw: unknown, at: string): VerificationKeySpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`${at}: must be a JSON object`);
  const jwk = raw as JsonWebKeyFields;
  const allowed = ALGORITHMS[jwk.kty];
  if (!allowed) fail(`${at}: kty must be one of ${Object.keys(ALGORITHMS).join(', ')}`);
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || jwk.kid.length === 0))
    fail(`${at}: kid must be a string`);
  if (jwk.use !== undefined && jwk.use !== 'sig') fail(`${at}: use must be "sig"`);
  let alg: string;
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string') fail(`${at}: an oct key needs k`);
    if (Buffer.from(jwk.k, 'base64url').length < 32) fail(`${at}: an oct key must be at least 32 bytes`);
    alg = typeof jwk.alg === 'string' ? jwk.alg : 'HS256';
  } else {
    if (PRIVATE_MEMBERS.some((m) => m in jwk)) fail(`${at}: holds private key material; give the public key only`);
    alg =
      typeof jwk.alg === 'string'
        ? jwk.alg
        : jwk.kty === 'EC'
          ? (EC_ALG_BY_CURVE[String(jwk.crv)] ?? fail(`${at}: unknown EC curve`))
          : allowed[0];
  }
  if (!allowed.includes(alg)) fail(`${at}: alg ${alg} does not fit kty ${jwk.kty}`);
  return { kid: jwk.kid ?? null, alg, source: { kind: 'jwk', jwk } };
}

/** Keys of a JWKS document (`{"keys": [...]}`); kids must be unique. */
export function keysOfJwks(text: string, file: string): VerificationKeySpec[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    fail(`AUTH_JWKS_FILE: ${file} is not JSON`);
  }
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) fail(`AUTH_JWKS_FILE: ${file} must be {"keys": [ ... ]} with a key`);
  const specs = keys.map((k, i) => jwkSpec(k, `AUTH_JWKS_FILE: key ${i}`));
  const kids = specs.map((s) => s.kid).filter((k): k is string => k !== null);
  if (new Set(kids).size !== kids.length) fail('AUTH_JWKS_FILE: two keys share a kid');
  return specs;
}

export function authKeysFrom(e: AuthEnv, readText: (path: string) => string): AuthConfig {
  const keys: VerificationKeySpec[] = [];
  if (e.AUTH_JWT_SECRET !== undefined)
    keys.push({ kid: null, alg: 'HS256', source: { kind: 'secret', secret: e.AUTH_JWT_SECRET } });
  if (e.AUTH_JWT_PUBLIC_KEY !== undefined) {
    keys.push({ kid: null, alg: 'RS256', source: { kind: 'spki', pem: e.AUTH_JWT_PUBLIC_KEY.replace(/\\n/g, '\n') } });
  }
  if (e.AUTH_JWKS_FILE !== undefined) {
    let text: string;
    try {
      text = readText(e.AUTH_JWKS_FILE);
    } catch (err) {
      fail(`AUTH_JWKS_FILE: cannot read ${e.AUTH_JWKS_FILE} (${(err as Error).message})`);
    }
    keys.push(...keysOfJwks(text, e.AUTH_JWKS_FILE));
  }
  return {
    keys,
    issuer: e.AUTH_JWT_ISSUER ?? null,
    audience: e.AUTH_JWT_AUDIENCE ?? null,
    maxLifetimeS: e.AUTH_TOKEN_MAX_LIFETIME_S,
  };
}
