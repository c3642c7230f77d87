import { Controller, Get, INestApplication, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Database } from '../../apps/settlement-service/src/store/database';
import { AccessGuard } from '../../apps/settlement-service/src/auth/access.guard';
import { Access, PublicRoute } from '../../apps/settlement-service/src/auth/access.decorator';
import { JwtVerifier } from '../../apps/settlement-service/src/auth/jwt-verifier';
import { OWNER } from '../../apps/settlement-service/src/auth/owner-rule';
import { APP_CONFIG } from '../../apps/settlement-service/src/config/config.module';
import { configureHttp } from '../../apps/settlement-service/src/http/configure-http';
import { testConfig } from '../support/test-config';
import { ApiClient } from './support/api-client';
import { bureauToken, holderToken, auditorToken } from './support/tokens';

/** Routes as another module (e.g. the settlement engine's) would declare them. */
@Controller('v1/elsewhere')
class ElsewhereController {
  @Post('undeclared')
  undeclared(): { ok: true } {
    return { ok: true };
  }

  @Get('undeclared')
  read(): { ok: true } {
    return { ok: true };
  }

  @Post('things/:personId')
  @Access({ holder: OWNER.personParam('personId') })
  own(): { ok: true } {
    return { ok: true };
  }

  @Get('open')
  @PublicRoute()
  open(): { ok: true } {
    return { ok: true };
  }
}

/** The global guard fails closed for routes that declare nothing, and opens to holders only by rule. */
describe('AccessGuard on routes of other modules', () => {
  let app: INestApplication;
  let api: ApiClient;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ElsewhereController],
      providers: [
        JwtVerifier,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_CONFIG, useValue: testConfig() },
        { provide: Database, useValue: {} }, // these rules need no database
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureHttp(app);
    await app.listen(0, '127.0.0.1');
    api = new ApiClient(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
  });
  afterAll(async () => app?.close());

  it('a route without @Access is bureau-only (auditors may GET)', async () => {
    expect((await api.post('/v1/elsewhere/undeclared', {}, bureauToken())).status).toBe(201);
    expect((await api.post('/v1/elsewhere/undeclared', {}, holderToken('p1'))).status).toBe(403);
    expect((await api.post('/v1/elsewhere/undeclared', {}, auditorToken())).status).toBe(403);
    expect((await api.get('/v1/elsewhere/undeclared', auditorToken())).status).toBe(200);
    expect((await api.get('/v1/elsewhere/undeclared', holderToken('p1'))).status).toBe(403);
    expect((await api.post('/v1/elsewhere/undeclared', {}, null)).status).toBe(401);
  });

  it('@Access({holder}) lets the owner act and nobody else', async () => {
    expect((await api.post('/v1/elsewhere/things/p1', {}, holderToken('p1'))).status).toBe(201);
    expect((await api.post('/v1/elsewhere/things/p2', {}, holderToken('p1'))).status).toBe(403);
  });

  it('@PublicRoute() needs no token', async () => {
    expect((await api.get('/v1/elsewhere/open', null)).status).toBe(200);
  });
});
