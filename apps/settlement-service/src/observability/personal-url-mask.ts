/**
 * A request URL as logged: the person number in `/persons/{personId}` and `/accounts/{personId}`
 * is replaced by the route's shape. Case-insensitive because routing is (Express matches
 * `/v1/Persons/<id>` to the same handler), and a path parameter ends at `/`, `?` or `#`.
 */
const PERSONAL_SEGMENT = /\/(persons|accounts)\/[^/?#]+/gi;

export function maskPersonalIdsInUrl(url: string): string {
  return url.replace(PERSONAL_SEGMENT, (_match, segment: string) => `/${segment.toLowerCase()}/:personId`);
}

/** `/health...` and `/metrics` are not access-logged: probes would drown the log. Case-insensitive, like routing. */
export function isProbeUrl(url: string | undefined): boolean {
  const path = (url ?? '').toLowerCase();
  return path === '/metrics' || path.startsWith('/metrics?') || path.startsWith('/health');
}
