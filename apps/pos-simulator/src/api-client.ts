/** A small JSON client for the service's HTTP API (global fetch), with a bearer token. */

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  }

  get code(): string | null {
    const b = this.body as { code?: unknown } | null;
    return typeof b?.code === 'string' ? b.code : null;
  }
}

export interface RequestOptions {
  /**
   * Whether sending the request twice does no harm (default: every method but POST). Such a
   * request is tried again after any network error or 5xx; another only when it cannot have
   * reached the service (connection refused) or the service said 503 before handling it.
   */
  readonly idempotent?: boolean;
  /** The Accept header (default application/json); a body that is not JSON comes back as text. */
  readonly accept?: string;
}

/** What happened to one attempt, for `shouldRetry`. */
export type AttemptOutcome =
  { readonly kind: 'network'; readonly refused: boolean } | { readonly kind: 'status'; readonly status: number };

/**
 * Whether attempt number `attempt` (from 1), which ended so, may be tried again (pure: the retry
 * policy). The service away (no connection, 502/503/504) is waited for; another server error is
 * tried again a few times only.
 */
export function shouldRetry(outcome: AttemptOutcome, idempotent: boolean, attempt: number): boolean {
  if (outcome.kind === 'network') return idempotent || outcome.refused;
  const s = outcome.status;
  if (s === 503) return true;
  if (s === 502 || s === 504) return idempotent;
  return idempotent && s >= 500 && attempt < 4;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 15_000,
    /** How long a request keeps being tried again (the service restarting, its database away). */
    private readonly retryForMs = 60_000,
  ) {}

  /** Sends one request, tried again per `shouldRetry` (backoff up to 2 s); 4xx are thrown. */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    opts: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const idempotent = opts.idempotent ?? method.toUpperCase() !== 'POST';
    const deadline = Date.now() + this.retryForMs;
    for (let attempt = 1, delay = 200; ; attempt++, delay = Math.min(delay * 2, 2000)) {
      const retry = Date.now() + delay < deadline;
      let res: Response;
      try {
        res = await fetch(this.baseUrl + path, {
          method,
          headers: {
            authorization: `Bearer ${this.token}`,
            'content-type': 'application/json',
            accept: opts.accept ?? 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        if (!retry || !shouldRetry({ kind: 'network', refused: connectionRefused(err) }, idempotent, attempt))
          throw err;
        await sleep(delay);
        continue;
      }
      const text = await res.text();
      const parsed = text.length ? safeJson(text) : null;
      if (res.status >= 500 && retry && shouldRetry({ kind: 'status', status: res.status }, idempotent, attempt)) {
        await sleep(delay);
        continue;
      }
      if (res.status >= 400) throw new ApiError(method, path, res.status, parsed);
      return { status: res.status, body: parsed as T };
    }
  }
}

/** fetch's "TypeError: fetch failed" carries the socket error as its cause. */
function connectionRefused(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return true;
  }
  return false;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs `work` over `items` with at most `concurrency` at a time; resolves when all settled. */
export async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(workers);
}
