import { ApplicationError } from '../shared/errors/application-error';
import type { Principal } from './principal';

/**
 * For endpoints whose rule is `merchant: 'in-handler'`: once the handler knows whose thing it is,
 * a caller in the merchant role alone may see it only if it is its own (bureau always, auditor
 * on reads). A charge nobody has heard of belongs to nobody yet: `merchantId` null passes.
 */
export function assertMerchantOwns(principal: Principal, merchantId: string | null, read: boolean): void {
  if (principal.roles.includes('bureau')) return;
  if (read && principal.roles.includes('auditor')) return;
  if (merchantId === null || merchantId === principal.sub) return;
  throw ApplicationError.forbidden('a merchant may act only on its own charges, reversals and reconciliation');
}
