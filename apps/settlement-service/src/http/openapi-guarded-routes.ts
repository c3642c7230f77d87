import { OpenAPIObject } from '@nestjs/swagger';
import { ForbiddenBodyDto, UnauthorizedBodyDto } from '../shared/errors/error-bodies.dto';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const ref = (name: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
});

/**
 * AccessGuard protects every /v1 route, also those declared without `@Access` (bureau-only then):
 * their OpenAPI operations get the bearer requirement and the 401/403 answers too, so the
 * document never shows a protected route as open.
 */
export function documentGuardedRoutes(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= [{ bearer: [] }];
      operation.responses['401'] ??= {
        description: 'missing, malformed, badly signed or expired token',
        ...ref(UnauthorizedBodyDto.name),
      };
      operation.responses['403'] ??= { description: 'allowed: bureau; auditor for GET', ...ref(ForbiddenBodyDto.name) };
    }
  }
  return document;
}
