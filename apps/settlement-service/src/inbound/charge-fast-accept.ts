import { CREDENTIAL_KINDS, ITEM_CATEGORIES } from '@gongji/domain';
import { IDENTIFIER, MAX_AMOUNT_FEN, isContractTimestamp } from './contract-formats';

/**
 * True only for a ChargeRequested body that ChargeRequestedDto's class-validator rules accept;
 * false means "not sure", and class-validator then decides (and words the rejection). Most
 * charges are well formed, and class-validator's generic walk over its metadata was a tenth of the
 * service's CPU at load (measured); this is the same rules written out. A property test holds it
 * to class-validator: it may never accept what class-validator rejects.
 */
export function chargeIsSurelyValid(raw: Record<string, unknown>): boolean {
  if (!isId(raw.chargeId) || !isId(raw.merchantId) || !isId(raw.terminalId) || !isId(raw.patientId)) return false;
  const credential = raw.credential;
  if (!isPlainRecord(credential) || !includes(CREDENTIAL_KINDS, credential.kind) || !isId(credential.personId)) {
    return false;
  }
  if (!isContractTimestamp(raw.occurredAt)) return false;
  const items = raw.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > 200) return false;
  for (const item of items as unknown[]) if (!itemIsSurelyValid(item)) return false;
  return isFen(raw.totalFen, MAX_AMOUNT_FEN);
}

function itemIsSurelyValid(item: unknown): boolean {
  return (
    isPlainRecord(item) &&
    isId(item.lineId) &&
    // class-validator counts a surrogate pair as one character: within .length is within its count.
    typeof item.code === 'string' &&
    item.code.length <= 64 &&
    typeof item.name === 'string' &&
    item.name.length <= 200 &&
    includes(ITEM_CATEGORIES, item.category) &&
    typeof item.inCatalog === 'boolean' &&
    isFen(item.amountFen, MAX_AMOUNT_FEN) &&
    isFen(item.fundPaidFen, MAX_AMOUNT_FEN)
  );
}

function isId(v: unknown): boolean {
  return typeof v === 'string' && IDENTIFIER.test(v);
}

function isFen(v: unknown, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function includes(list: readonly string[], v: unknown): boolean {
  return typeof v === 'string' && list.includes(v);
}
