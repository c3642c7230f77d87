import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { AuthenticatedRequest, Principal } from './principal';

/** The verified caller of the current request (set by `AccessGuard`). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
