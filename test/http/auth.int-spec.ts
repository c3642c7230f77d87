import { SignJWT } from 'jose';
import { KeyObject, createHmac, generateKeyPairSync } from 'node:crypto';
import { TEST_JWT_AUDIENCE, TEST_JWT_ISSUER } from '../support/test-config';
import { uid } from '../support/unique-ids';
import { Database } from '../../apps/settlement-service/src/store/database';
import { OWNER } from '../../apps/settlement-service/src/auth/owner-rule';
import type { AuthenticatedRequest } from '../../apps/settlement-service/src/auth/principal';
import { ApiClient } from './support/api-client';
import { appUnderTest } from './support/app-under-test';
import { bind, registerHolder, registerPerson } from './support/fixtures';
import { auditorToken, holderToken, tokenFor } from './support/tokens';

function base64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** Bearer JWTs and the role rules: bureau everything, auditor every GET, holder only their own things. */
describe('authentication and roles', () => {
  const { api, app } = appUnderTest();
  let holder: string;
  let other: string;
  let holdersBinding: string;
  let bindingFundingHolder: string;

  beforeAll(async () => {
    holder = await registerHolder(api(), 'h', { regionCode: '110105' });
    other = await registerHolder(api(), 'o', { regionCode: '110105' });
    const child = await registerPerson(api(), 'c', { regionCode: '110105', insuranceType: 'RESIDENT' });
    holdersBinding = await bind(api(), holder, child, 'CHILD');
    bindingFundingHolder = await bind(api(), other, holder, 'SIBLING'); // holder is the beneficiary here
  });

  describe('401 UNAUTHORIZED', () => {
    const cases: [string, () => string | null][] = [
      ['no token', () => null],
      ['a token that is not a JWT', () => 'not-a-jwt'],
      [
        'a token signed with another secret',
        () => tokenFor('bureau', 'b', { secret: 'another-secret-0123456789abcdef-0123456789' }),
      ],
      ['an expired token', () => tokenFor('bureau', 'b', { claims: { exp: Math.floor(Date.now() / 1000) - 60 } })],
      [
        'an unsigned token (alg none)',
        () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ roles: ['bureau'] })}.`,
      ],
    ];
    it.each(cases)('for %s', async (_label, token) => {
      const res = await api().get(`/v1/accounts/${holder}`, token());
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'UNAUTHORIZED', message: expect.any(String) });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('for a header that is not "Bearer <token>", and before any validation of the body', async () => {
      const res = await fetch(`${api().baseUrl}/v1/accounts/${holder}`, {
        headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      });
      expect(res.status).toBe(401);
      const invalidBody = await api().post('/v1/bindings', { nonsense: true }, null);
      expect(invalidBody.status).toBe(401);
    });
  });

  describe('403 FORBIDDEN', () => {
    it('for a token without a known role', async () => {
      for (const roles of [[], ['admin']]) {
        const res = await api().get(`/v1/accounts/${holder}`, tokenFor(roles, holder));
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ code: 'FORBIDDEN', message: expect.any(String) });
      }
    });

    it('auditor: every GET, nothing else', async () => {
      const t = auditorToken();
      expect((await api().get(`/v1/accounts/${holder}`, t)).status).toBe(200);
      expect((await api().get(`/v1/persons/${holder}/bindings`, t)).status).toBe(200);
      expect((await api().get(`/v1/settlements/${uid('none')}`, t)).status).toBe(404); // allowed, just unknown
      expect((await api().get(`/v1/merchants/${uid('none')}/reconciliation?date=2026-11-22`, t)).status).toBe(404);
      const writes = [
        api().put(
          `/v1/merchants/${uid('m')}`,
          { name: 'x', kind: 'CLINIC', regionCode: '110105', designated: true },
          t,
        ),
        api().put(
          `/v1/persons/${uid('p')}`,
          { name: 'x', regionCode: '110105', insuranceType: 'EMPLOYEE', enrollmentStatus: 'ACTIVE' },
          t,
        ),
        api().post(`/v1/accounts/${holder}/credits`, { creditId: uid('c'), amountFen: 1, reason: 'ADJUSTMENT' }, t),
        api().put(`/v1/accounts/${holder}/reserve`, { reserveFen: 1 }, t),
        api().put(`/v1/accounts/${holder}/relatives-limit`, { monthlyLimitFen: null }, t),
        api().post('/v1/bindings', { holderId: holder, beneficiaryId: other, relationship: 'SPOUSE' }, t),
        api().patch(`/v1/bindings/${holdersBinding}`, { monthlyLimitFen: 100 }, t),
        api().delete(`/v1/bindings/${holdersBinding}`, t),
        api().put(`/v1/persons/${holder}/funding-order`, { bindingIds: [bindingFundingHolder] }, t),
      ];
      for (const res of await Promise.all(writes)) expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    });

    it('holder: reads and settings of their own account and bindings only', async () => {
      const t = holderToken(holder);
      expect((await api().get(`/v1/accounts/${holder}`, t)).status).toBe(200);
      expect((await api().get(`/v1/accounts/${other}`, t)).status).toBe(403);
      expect((await api().get(`/v1/persons/${holder}/bindings`, t)).status).toBe(200);
      expect((await api().get(`/v1/persons/${other}/bindings`, t)).status).toBe(403);
      expect((await api().put(`/v1/accounts/${holder}/reserve`, { reserveFen: 2_000 }, t)).status).toBe(200);
      expect((await api().put(`/v1/accounts/${other}/reserve`, { reserveFen: 2_000 }, t)).status).toBe(403);
      // allowed to ask; Beijing has no total limit, so the policy refuses
      expect((await api().put(`/v1/accounts/${holder}/relatives-limit`, { monthlyLimitFen: 5_000 }, t)).status).toBe(
        422,
      );
      expect((await api().put(`/v1/accounts/${other}/relatives-limit`, { monthlyLimitFen: null }, t)).status).toBe(403);
      // bureau-only things
      expect(
        (
          await api().post(
            `/v1/accounts/${holder}/credits`,
            { creditId: uid('c'), amountFen: 1, reason: 'ADJUSTMENT' },
            t,
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await api().put(
            `/v1/persons/${holder}`,
            { name: 'x', regionCode: '110105', insuranceType: 'EMPLOYEE', enrollmentStatus: 'ACTIVE' },
            t,
          )
        ).status,
      ).toBe(403);
      expect(
        (await api().put(`/v1/persons/${holder}/funding-order`, { bindingIds: [bindingFundingHolder] }, t)).status,
      ).toBe(403);
      expect((await api().get(`/v1/settlements/${uid('none')}`, t)).status).toBe(403);
      expect((await api().get(`/v1/merchants/${uid('none')}/reconciliation?date=2026-11-22`, t)).status).toBe(403);
    });

    it('holder: binds, changes and unbinds only as the holder', async () => {
      const t = holderToken(holder);
      const spouse = await registerHolder(api(), 'sp', { regionCode: '110105' });
      const own = await api().post(
        '/v1/bindings',
        { holderId: holder, beneficiaryId: spouse, relationship: 'SPOUSE' },
        t,
      );
      expect(own.status).toBe(201);
      const forOther = await api().post(
        '/v1/bindings',
        { holderId: other, beneficiaryId: spouse, relationship: 'SIBLING' },
        t,
      );
      expect(forOther.status).toBe(403);

      expect((await api().patch(`/v1/bindings/${holdersBinding}`, { monthlyLimitFen: 9_000 }, t)).status).toBe(200);
      expect((await api().patch(`/v1/bindings/${bindingFundingHolder}`, { monthlyLimitFen: 9_000 }, t)).status).toBe(
        403,
      );
      expect((await api().patch(`/v1/bindings/${uid('nope')}`, { monthlyLimitFen: 9_000 }, t)).status).toBe(403);
      expect((await api().delete(`/v1/bindings/${bindingFundingHolder}`, t)).status).toBe(403);
      const revoked = await api().delete(`/v1/bindings/${own.body.bindingId}`, t);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ status: 'REVOKED', statusReason: 'REVOKED_BY_HOLDER' });
    });

    it('holder token without sub may not act; holder+auditor may read others but not write', async () => {
      expect((await api().get(`/v1/accounts/${holder}`, tokenFor('holder'))).status).toBe(403);
      const both = tokenFor(['holder', 'auditor'], holder);
      expect((await api().get(`/v1/accounts/${other}`, both)).status).toBe(200);
      expect((await api().put(`/v1/accounts/${other}/reserve`, { reserveFen: 1 }, both)).status).toBe(403);
    });
  });

  it("finds the holder an authorization was requested from (the rule for the engine's decision endpoint)", async () => {
    const db = app().app.get(Database);
    const chargeId = uid('chg');
    const authorizationId = uid('auth');
    await db.query(
      `INSERT INTO charges (charge_id, content_hash, status, decided_at, request, outcome)
       VALUES ($1, 'h', 'SETTLED', now(), '{}', '{}')`,
      [chargeId],
    );
    await db.query(
      `INSERT INTO authorizations (authorization_id, charge_id, holder_id, binding_id, requested_fen, status, expires_at)
       VALUES ($1, $2, $3, $4, 100, 'DECLINED', now())`,
      [authorizationId, chargeId, holder, holdersBinding],
    );
    const request = (id: string) => ({ params: { authorizationId: id } }) as unknown as AuthenticatedRequest;
    expect(await OWNER.authorizationHolder.lookup(request(authorizationId), db)).toBe(holder);
    expect(await OWNER.authorizationHolder.lookup(request(uid('none')), db)).toBeNull();
    expect(
      await OWNER.bindingHolder.lookup(
        { params: { bindingId: holdersBinding } } as unknown as AuthenticatedRequest,
        db,
      ),
    ).toBe(holder);
  });

  it('keeps /health, /metrics and /docs open', async () => {
    expect([200, 503]).toContain((await api().get('/health', null)).status);
    expect((await api().get('/metrics', null)).status).toBe(200);
    expect((await api().get('/docs/openapi.json', null)).status).toBe(200);
    expect((await api().get('/docs', null)).status).toBe(200);
  });

  describe('with an RS256 public key configured', () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    let rs: ApiClient;
    let close: () => Promise<void>;

    beforeAll(async () => {
      const { startApp } = await import('../support/start-app');
      const running = await startApp({ AUTH_JWT_PUBLIC_KEY: publicPem, AUTH_JWT_SECRET: undefined });
      rs = new ApiClient(running.baseUrl);
      close = () => running.close();
    });
    afterAll(async () => close?.());

    it('accepts RS256 tokens of that key and nothing else (no HS256, no key confusion)', async () => {
      const rs256 = (key: KeyObject) =>
        new SignJWT({ roles: ['bureau'] })
          .setProtectedHeader({ alg: 'RS256' })
          .setIssuedAt()
          .setExpirationTime('5m')
          .setIssuer(TEST_JWT_ISSUER)
          .setAudience(TEST_JWT_AUDIENCE)
          .sign(key);
      const good = await rs256(keys.privateKey);
      expect((await rs.get(`/v1/accounts/${holder}`, good)).status).toBe(200);
      const otherKey = await rs256(stranger.privateKey);
      expect((await rs.get(`/v1/accounts/${holder}`, otherKey)).status).toBe(401);
      expect((await rs.get(`/v1/accounts/${holder}`, tokenFor('bureau'))).status).toBe(401);
      // HS256 "signed" with the public key as the shared secret: the classic algorithm confusion
      const exp = Math.floor(Date.now() / 1000) + 300;
      const claims = { roles: ['bureau'], exp, iss: TEST_JWT_ISSUER, aud: TEST_JWT_AUDIENCE };
      const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
      const forged = `${unsigned}.${createHmac('sha256', publicPem).update(unsigned).digest('base64url')}`;
      expect((await rs.get(`/v1/accounts/${holder}`, forged)).status).toBe(401);
    });
  });
});
