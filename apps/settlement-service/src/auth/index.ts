/** What other modules use to declare who may call their endpoints. */
export { Access, PublicRoute } from './access.decorator';
export type { AccessRule } from './access.decorator';
export { CurrentPrincipal } from './current-principal.decorator';
export { OWNER } from './owner-rule';
export type { OwnerRule } from './owner-rule';
export type { Principal, Role } from './principal';
