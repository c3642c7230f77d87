import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ForbiddenBodyDto, UnauthorizedBodyDto } from '../shared/errors/error-bodies.dto';
import type { OwnerRule } from './owner-rule';

export const ACCESS_RULE = 'gongji:access-rule';
export const PUBLIC_ROUTE = 'gongji:public-route';

/**
 * Who may call an endpoint, beyond the defaults every authenticated route has:
 * `bureau` may do everything and `auditor` may do every GET. `holder`, when given, lets a
 * `holder` token act when the rule's owner is the token's `sub`.
 */
export interface AccessRule {
  readonly holder?: OwnerRule;
  /**
   * Lets a `merchant` token act when the rule's owner (a merchantId) is the token's `sub`
   * (contract 1.1 §2). `'in-handler'`: the merchant passes here and the handler checks, for a
   * thing not known yet (a charge still in flight).
   */
  readonly merchant?: OwnerRule | 'in-handler';
  /** Every authenticated caller with a known role (e.g. reading the region policies). */
  readonly anyRole?: true;
}

function rolesOf(rule: AccessRule): string {
  if (rule.anyRole) return 'any role';
  const holder = rule.holder ? `; holder, when ${rule.holder.describe} is the token's sub` : '';
  const merchant =
    rule.merchant === 'in-handler'
      ? "; merchant, for its own charges (the token's sub)"
      : rule.merchant
        ? `; merchant, when ${rule.merchant.describe} is the token's sub`
        : '';
  return `bureau; auditor for GET${holder}${merchant}`;
}

/**
 * Declares an endpoint's access rule (read by `AccessGuard`) and documents it in OpenAPI with
 * the 401/403 answers. Endpoints without it are bureau-only (and auditor for GET).
 */
export function Access(rule: AccessRule = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_RULE, rule),
    ApiBearerAuth(),
    ApiExtension('x-gongji-roles', rolesOf(rule)),
    ApiUnauthorizedResponse({
      type: UnauthorizedBodyDto,
      description: 'missing, malformed, badly signed or expired token',
    }),
    ApiForbiddenResponse({ type: ForbiddenBodyDto, description: `allowed: ${rolesOf(rule)}` }),
  ) as MethodDecorator & ClassDecorator;
}

/** An endpoint anyone may call without a token (like /health and /metrics). */
export const PublicRoute = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
