import { INestApplication, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ForbiddenBodyDto, UnauthorizedBodyDto } from '../shared/errors/error-bodies.dto';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { validationExceptionFactory } from './errors/validation-exception-factory';
import { documentGuardedRoutes } from './openapi-guarded-routes';

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
  app.useGlobalPipes(
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
