import { createHash } from 'node:crypto';

/**
 * Person numbers are personal data: logs carry a stable, non-reversible tag instead, so an
 * operator can still follow one person's messages through the logs.
 */
export function pseudonymize(personId: string | null | undefined): string | null {
  if (personId === null || personId === undefined) return null;
  return 'p#' + createHash('sha256').update(personId).digest('hex').slice(0, 12);
}
