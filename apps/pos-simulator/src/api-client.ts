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

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 15_000,
  ) {}

  /** Sends one request; 5xx and network errors are retried a few times, 4xx are thrown. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(this.baseUrl + path, {
          method,
          headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        if (attempt >= 4) throw err;
        await sleep(200 * attempt);
        continue;
      }
      const text = await res.text();
      const parsed = text.length ? safeJson(text) : null;
      if (res.status >= 500 && attempt < 4) {
        await sleep(200 * attempt);
        continue;
      }
      if (res.status >= 400) throw new ApiError(method, path, res.status, parsed);
      return { status: res.status, body: parsed as T };
    }
  }
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
