import { bureauToken } from './tokens';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Real HTTP against the running service (Node's fetch). */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  async call<T = any>(method: string, path: string, options: { token?: string | null; body?: unknown; rawBody?: string } = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? bureauToken() : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text.length ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('GET', path, { token });
  }

  put<T = any>(path: string, body: unknown, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('PUT', path, { body, token });
  }

  post<T = any>(path: string, body: unknown, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('POST', path, { body, token });
  }

  patch<T = any>(path: string, body: unknown, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('PATCH', path, { body, token });
  }

  delete<T = any>(path: string, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('DELETE', path, { token });
  }
}
