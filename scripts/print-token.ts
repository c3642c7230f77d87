/**
 * Prints a bearer token for local use: `npx tsx scripts/print-token.ts <role> [sub] [ttl]`
 *   role  bureau | holder | auditor | merchant (comma-separated for several)
 *   sub   the personId for a holder, the merchantId for a merchant (default: "local-<role>")
 *   ttl   lifetime, e.g. 1h (default), 30m, 7d (at most the service's AUTH_TOKEN_MAX_LIFETIME_S, 1 day by default)
 * Signs HS256 with AUTH_JWT_SECRET from the environment or .env, with `iss` AUTH_JWT_ISSUER and
 * `aud` AUTH_JWT_AUDIENCE when they are set (the service checks them then). (A service
 * configured with AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_FILE only needs tokens from the issuer holding the private key.)
 * Example: curl -H "authorization: Bearer $(npx tsx scripts/print-token.ts bureau)" localhost:3000/v1/accounts/610100000001
 */
import { config as loadDotenv } from 'dotenv';
import { serviceClaims, signHs256 } from '../apps/pos-simulator/src/hs256-token';

const ROLES = ['bureau', 'holder', 'auditor', 'merchant'];
const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

loadDotenv({ quiet: true } as never);
const [roleArg, subArg, ttl = '1h'] = process.argv.slice(2);
if (!roleArg) fail('usage: print-token.ts <bureau|holder|auditor|merchant>[,<role>...] [sub] [ttl]');
const roles = roleArg.split(',').map((r) => r.trim());
const unknown = roles.filter((r) => !ROLES.includes(r));
if (unknown.length) fail(`unknown role(s): ${unknown.join(', ')} (expected ${ROLES.join(', ')})`);
if (roles.includes('holder') && !subArg) fail('a holder token needs the holder personId as sub');
if (roles.includes('merchant') && !subArg) fail('a merchant token needs the merchantId as sub');
const secret = process.env.AUTH_JWT_SECRET;
if (!secret) fail('AUTH_JWT_SECRET is not set (environment or .env)');
const ttlMatch = /^(\d+)([smhd]?)$/.exec(ttl);
if (!ttlMatch) fail(`ttl must be a number with an optional unit s, m, h or d (got ${ttl})`);
const ttlSeconds = Number(ttlMatch[1]) * UNIT_S[ttlMatch[2] || 's'];

const sub = subArg ?? `local-${roles[0]}`;
process.stdout.write(
  `${signHs256(
    serviceClaims({
      roles,
      sub,
      ttlSeconds,
      issuer: process.env.AUTH_JWT_ISSUER,
      audience: process.env.AUTH_JWT_AUDIENCE,
    }),
    secret,
  )}\n`,
);
