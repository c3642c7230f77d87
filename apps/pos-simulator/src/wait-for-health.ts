/**
 * Readiness of a service instance: `GET /health/ready` (200 ready, 503 not), or `GET /health`
 * (the same view) on a service that answers the former with 404 because it does not have it.
 */
export type Readiness = 'ready' | 'not-ready' | 'unreachable';

/** Paths found missing per base URL, so the fallback costs one 404 per service, not per poll. */
const noReadyPath = new Set<string>();

export async function probeReadiness(baseUrl: string, timeoutMs = 3000): Promise<Readiness> {
  try {
    if (!noReadyPath.has(baseUrl)) {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      if (res.status !== 404) return res.status === 200 ? 'ready' : 'not-ready';
      noReadyPath.add(baseUrl);
    }
    const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status === 200 ? 'ready' : 'not-ready';
  } catch {
    return 'unreachable';
  }
}

/** Polls readiness until the service is ready or `timeoutMs` passes. */
export async function waitForHealth(baseUrl: string, timeoutMs: number, pollMs = 500): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await probeReadiness(baseUrl)) === 'ready') return true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return false;
}
