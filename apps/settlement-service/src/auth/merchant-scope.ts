import { ApplicationError } from '../shared/errors/application-error';
import type { Principal } from './principal';

/**
 * For endpoints whose rule is `merchant: 'in-handler'`: once the handler knows whose thing it is,
 * a caller in the merchant role alone may see it only if it is its own (bureau always, auditor
 * on reads). When the merchant submits, a charge not recorded yet (`merchantId` null) is the one
 * it just sent, its merchantId checked against the token already; when it reads, a record without
 * a usable merchantId (refused unread) is nobody's, so it is answered as unknown.
 */
export function assertMerchantOwns(principal: Principal, merchantId: string | null, read: boolean): void {
  if (principal.roles.includes('bureau')) return;
  if (read && principal.roles.includes('auditor')) return;
  if (merchantId === null && read) throw ApplicationError.notFound('no charge with this id');
  if (merchantId === null || merchantId === principal.sub) return;
  throw ApplicationError.forbidden('a merchant may act only on its own charges, reversals and reconciliation');
}
