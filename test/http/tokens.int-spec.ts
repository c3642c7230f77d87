import { Controller, Get, INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Access } from '../../apps/settlement-service/src/auth/access.decorator';
import { AccessGuard } from '../../apps/settlement-service/src/auth/access.guard';
import { JwtVerifier } from '../../apps/settlement-service/src/auth/jwt-verifier';
import { APP_CONFIG } from '../../apps/settlement-service/src/config/config.module';
import { configureHttp } from '../../apps/settlement-service/src/http/configure-http';
import { Database } from '../../apps/settlement-service/src/store/database';
import { TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, testConfig } from '../support/test-config';
import { uid } from '../support/unique-ids';
import { ApiClient } from './support/api-client';
import { appUnderTest } from './support/app-under-test';
import { tokenFor } from './support/tokens';

@Controller('v1/probe')
class ProbeController {
  @Get()
  @Access({ anyRole: true })
  read(): { ok: true } {
    return { ok: true };
  }
}

/** The real guard and verifier behind HTTP, with a configuration of the test's choosing (no database needed). */
async function guardedApp(
  env: Record<string, string | undefined>,
): Promise<{ api: ApiClient; close: () => Promise<void> }> {
  const moduleRef = await Test.createTestingModule({
    controllers: [ProbeController],
    providers: [
      JwtVerifier,
      { provide: APP_GUARD, useClass: AccessGuard },
      { provide: APP_CONFIG, useValue: testConfig(env) },
      { provide: Database, useValue: {} },
    ],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  return { api: new ApiClient(`http://127.0.0.1:${port}`), close: () => app.close() };
}

const now = (): number => Math.floor(Date.now() / 1000);
const OCT_KID = 'hs-2026-11';
const OCT_SECRET = 'jwks-oct-secret-for-rotation-tests-0123456789';

/** What a token must carry: exp, a bounded lifetime, the configured iss/aud, a known kid. */
describe('bearer tokens', () => {
  describe('on the real service (HS256 secret, issuer and audience set as the demo sets them)', () => {
    const { api } = appUnderTest();
    const get = async (token: string): Promise<number> => (await api().get(`/v1/accounts/${uid('p')}`, token)).status;

    it('accepts a well-formed token (404: allowed, the account is unknown)', async () => {
      expect(await get(tokenFor('bureau', 'b'))).toBe(404);
    });

    it('refuses a token without exp (it would never expire)', async () => {
      expect(await get(tokenFor('bureau', 'b', { claims: { exp: undefined } }))).toBe(401);
    });

    it('refuses a lifetime beyond AUTH_TOKEN_MAX_LIFETIME_S (1 day by default), with or without iat', async () => {
      expect(await get(tokenFor('bureau', 'b', { ttlSeconds: 86400 }))).toBe(404);
      expect(await get(tokenFor('bureau', 'b', { ttlSeconds: 86400 + 60 }))).toBe(401);
      expect(await get(tokenFor('bureau', 'b', { claims: { iat: undefined, exp: now() + 86400 + 60 } }))).toBe(401);
      expect(await get(tokenFor('bureau', 'b', { claims: { iat: undefined, exp: now() + 600 } }))).toBe(404);
      // An iat in the future cannot stretch the lifetime: exp ten years ahead, iat a minute before it.
      const far = now() + 10 * 365 * 86400;
      expect(await get(tokenFor('bureau', 'b', { claims: { iat: far - 60, exp: far } }))).toBe(401);
    });

    it('refuses another issuer or audience, or none', async () => {
      expect(await get(tokenFor('bureau', 'b', { claims: { iss: 'another-service' } }))).toBe(401);
      expect(await get(tokenFor('bureau', 'b', { claims: { iss: undefined } }))).toBe(401);
      expect(await get(tokenFor('bureau', 'b', { claims: { aud: 'another-service' } }))).toBe(401);
      expect(await get(tokenFor('bureau', 'b', { claims: { aud: undefined } }))).toBe(401);
      expect(await get(tokenFor('bureau', 'b', { claims: { aud: ['another-service', TEST_JWT_AUDIENCE] } }))).toBe(404);
    });

    it('refuses a kid it does not know, even signed with the right secret', async () => {
      expect(await get(tokenFor('bureau', 'b', { kid: 'unknown-kid' }))).toBe(401);
    });
  });

  describe('several keys from AUTH_JWKS_FILE, chosen by kid (rotation)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongji-jwks-'));
    let oldKey: KeyLike;
    let newKey: KeyLike;
    let both: Awaited<ReturnType<typeof guardedApp>>;
    let rotated: Awaited<ReturnType<typeof guardedApp>>;

    const es256 = (key: Parameters<SignJWT['sign']>[0], kid: string) =>
      new SignJWT({ roles: ['bureau'] })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuedAt()
        .setExpirationTime('5m')
        .setIssuer(TEST_JWT_ISSUER)
        .setAudience(TEST_JWT_AUDIENCE)
        .sign(key);

    beforeAll(async () => {
      const oldPair = await generateKeyPair('ES256');
      const newPair = await generateKeyPair('ES256');
      oldKey = oldPair.privateKey;
      newKey = newPair.privateKey;
      const oct = { kty: 'oct', kid: OCT_KID, k: Buffer.from(OCT_SECRET).toString('base64url') };
      const jwk = async (k: typeof oldPair.publicKey, kid: string) => ({ ...(await exportJWK(k)), kid });
      const before = { keys: [await jwk(oldPair.publicKey, 'es-old'), await jwk(newPair.publicKey, 'es-new'), oct] };
      const after = { keys: [await jwk(newPair.publicKey, 'es-new')] };
      writeFileSync(join(dir, 'both.json'), JSON.stringify(before));
      writeFileSync(join(dir, 'after.json'), JSON.stringify(after));
      const jwksOnly = { AUTH_JWT_SECRET: undefined };
      both = await guardedApp({ ...jwksOnly, AUTH_JWKS_FILE: join(dir, 'both.json') });
      rotated = await guardedApp({ ...jwksOnly, AUTH_JWKS_FILE: join(dir, 'after.json') });
    });
    afterAll(async () => {
      await both?.close();
      await rotated?.close();
    });

    it('accepts tokens of every key in the set, each by its kid', async () => {
      expect((await both.api.get('/v1/probe', await es256(oldKey, 'es-old'))).status).toBe(200);
      expect((await both.api.get('/v1/probe', await es256(newKey, 'es-new'))).status).toBe(200);
      const hs = tokenFor('bureau', 'b', { secret: OCT_SECRET, kid: OCT_KID });
      expect((await both.api.get('/v1/probe', hs)).status).toBe(200);
    });

    it('refuses a kid that names another key than the one that signed, and an unknown kid', async () => {
      expect((await both.api.get('/v1/probe', await es256(oldKey, 'es-new'))).status).toBe(401);
      expect((await both.api.get('/v1/probe', await es256(newKey, 'es-gone'))).status).toBe(401);
      expect((await both.api.get('/v1/probe', await es256(newKey, OCT_KID))).status).toBe(401); // oct kid, ES alg
    });

    it('once the old key is removed from the set, its tokens are refused and the new ones still pass', async () => {
      expect((await rotated.api.get('/v1/probe', await es256(oldKey, 'es-old'))).status).toBe(401);
      expect((await rotated.api.get('/v1/probe', await es256(newKey, 'es-new'))).status).toBe(200);
    });
  });
});
