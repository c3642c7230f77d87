import { createHash } from 'node:crypto';

/** Fixed namespace of Gongji's name-based event ids (a random UUID chosen once). */
const NAMESPACE = Buffer.from('8f0c2d4e6b1a4f3c9e7d5a2b1c0f9e8d', 'hex');

/**
 * A name-based (RFC 9562 version 5) UUID: the same outcome name always gives the same 36-char
 * id, within the contract's identifier format, however long the charge id is.
 */
export function stableEventId(name: string): string {
  const h = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
