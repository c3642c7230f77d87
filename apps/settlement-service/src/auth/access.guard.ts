import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApplicationError } from '../shared/errors/application-error';
import { ACCESS_RULE, AccessRule, PUBLIC_ROUTE } from './access.decorator';
import { Database } from '../store/database';
import { JwtVerifier } from './jwt-verifier';
import { AuthenticatedRequest } from './principal';

/** Operational endpoints the contract keeps open (OpenAPI at /docs is served outside Nest routing). */
const OPEN_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Global guard: every route needs a valid bearer token except the health probes, /metrics and routes marked
 * `@PublicRoute()`. Fails closed: a route without `@Access` is bureau-only (auditors may still GET).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
    private readonly db: Database,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // Kafka handlers authenticate nothing here
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    if (OPEN_PATHS.has(request.path) || this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const principal = await this.verifier.fromAuthorizationHeader(request.headers.authorization);
    request.principal = principal;
    if (principal.roles.includes('bureau')) return true;
    if (principal.roles.includes('auditor') && READ_METHODS.has(request.method)) return true;

    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (rule?.anyRole && principal.roles.length > 0) return true;
    if (principal.roles.includes('holder') && rule?.holder && principal.sub !== null) {
      const owner = await rule.holder.lookup(request, this.db);
      if (owner === principal.sub) return true;
      throw ApplicationError.forbidden('a holder may act only on their own account, bindings and authorizations');
    }
    if (principal.roles.includes('merchant') && rule?.merchant && principal.sub !== null) {
      if (rule.merchant === 'in-handler') return true;
      const owner = await rule.merchant.lookup(request, this.db);
      if (owner === principal.sub) return true;
      throw ApplicationError.forbidden('a merchant may act only on its own charges, reversals and reconciliation');
    }
    throw ApplicationError.forbidden(
      principal.roles.length ? 'this role may not do that' : 'token carries no known role',
    );
  }
}
