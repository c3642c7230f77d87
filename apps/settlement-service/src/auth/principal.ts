import type { Request } from 'express';

/** Roles a token may carry (claim `roles`). Unknown role names are ignored. */
export const ROLES = ['bureau', 'holder', 'auditor', 'merchant'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified bearer token. */
export interface Principal {
  /** Claim `sub`: for holders, their personId; for merchants, their merchantId. */
  readonly sub: string | null;
  readonly roles: readonly Role[];
}

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}
