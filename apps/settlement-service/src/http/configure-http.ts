import { INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ForbiddenBodyDto, UnauthorizedBodyDto } from '../shared/errors/error-bodies.dto';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { validationExceptionFactory } from './errors/validation-exception-factory';
import { documentGuardedRoutes } from './openapi-guarded-routes';
import { StorableBodyPipe } from './shared/storable-body.pipe';

/**
 * The largest JSON body accepted. The largest contract-valid one is a charge or quote of 200
 * items, each with a 64-character lineId, a 64-character code and a 200-character name: written
 * with every character `\uXXXX\uXXXX`-escaped (an astral character, as ASCII-only encoders write
 * it) that is about 680 KB, indented a little more; 1 MiB leaves room. (Nest's default was 100 KB:
 * a 200-item quote with Chinese names answered 500.) http/configure-http.spec.ts holds the sum.
 */
export const HTTP_BODY_MAX_BYTES = 1024 * 1024;

const AUTH_DESCRIPTION =
  'Bearer JWT (HS256 or RS256, as configured) with `sub` (a personId, for holders) and `roles`: ' +
  '`bureau` may do everything, `auditor` every GET, `holder` only on their own account, bindings and authorizations. ' +
  'Missing or bad token: 401 UNAUTHORIZED; a role or subject that may not act: 403 FORBIDDEN. ' +
  '/health, /metrics and /docs are open.';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Gongji settlement service')
    .setDescription(
      'Family mutual-aid settlement for employee medical-insurance personal accounts (contract v1). ' +
        'Amounts are JSON integers in fen (1 yuan = 100 fen), 0 to 10^12. ' +
        'Errors are `{code, message}` (400 adds `fields`). ' +
        AUTH_DESCRIPTION,
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: AUTH_DESCRIPTION })
    .build();
  return documentGuardedRoutes(
    SwaggerModule.createDocument(app, config, { extraModels: [UnauthorizedBodyDto, ForbiddenBodyDto] }),
  );
}

/** Everything HTTP-wide (OpenAPI at /docs, pipes, filters), shared by main.ts and the tests. */
export function configureHttp(app: INestApplication): void {
  // Replaces the default JSON parser (registered only when none is), before the app starts.
  (app as NestExpressApplication).useBodyParser('json', { limit: HTTP_BODY_MAX_BYTES });
  app.useGlobalPipes(
    new StorableBodyPipe(),
    new ValidationPipe({
      // Unknown fields are dropped, not refused: integrators may send more than the contract names.
      whitelist: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new ApiExceptionFilter());
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
