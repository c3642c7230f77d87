/**
 * Prints a bearer token for local use: `npx tsx scripts/print-token.ts <role> [sub] [ttl]`
 *   role  bureau | holder | auditor | merchant (comma-separated for several)
 *   sub   the personId for a holder, the merchantId for a merchant (default: "local-<role>")
 *   ttl   lifetime, e.g. 1h (default), 30m, 7d
 * Signs HS256 with AUTH_JWT_SECRET from the environment or .env. (A service configured with
 * AUTH_JWT_PUBLIC_KEY needs tokens from the issuer holding the private key.)
 * Example: curl -H "authorization: Bearer $(npx tsx scripts/print-token.ts bureau)" localhost:3000/v1/accounts/610100000001
 */
import { config as loadDotenv } from 'dotenv';
import jwt from 'jsonwebtoken';

const ROLES = ['bureau', 'holder', 'auditor', 'merchant'];

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

const sub = subArg ?? `local-${roles[0]}`;
process.stdout.write(
  `${jwt.sign({ roles }, secret, { algorithm: 'HS256', subject: sub, expiresIn: ttl as jwt.SignOptions['expiresIn'] })}\n`,
);
