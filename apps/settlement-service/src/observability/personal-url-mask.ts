import { maskPersonIds } from './mask-person-ids';

/**
 * A request URL as logged: the person number in `/persons/{personId}` and `/accounts/{personId}`
 * is replaced by the route's shape. Case-insensitive because routing is (Express matches
 * `/v1/Persons/<id>` to the same handler), and a path parameter ends at `/`, `?` or `#`. A person
 * number anywhere else (inside a contribution id such as `RM2027:140105000123:001`, a query) is
 * replaced by its log tag.
 */
const PERSONAL_SEGMENT = /\/(persons|accounts)\/[^/?#]+/gi;

export function maskPersonalIdsInUrl(url: string): string {
  const masked = url.replace(PERSONAL_SEGMENT, (_match, segment: string) => `/${segment.toLowerCase()}/:personId`);
  // An encoded separator (`%3A`) would hide the number from the free-text rule: the log shows it decoded.
  return maskPersonIds(masked.replace(/%3A/gi, ':'));
}

/** `/health...` and `/metrics` are not access-logged: probes would drown the log. Case-insensitive, like routing. */
export function isProbeUrl(url: string | undefined): boolean {
  const path = (url ?? '').toLowerCase();
  return path === '/metrics' || path.startsWith('/metrics?') || path.startsWith('/health');
}
