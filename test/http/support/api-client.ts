import { bureauToken } from './tokens';

/** Answers are arbitrary JSON that the tests pick apart with expect(). */

export type Json = any;

export interface ApiAnswer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/** Real HTTP against the running service (Node's fetch). */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T = Json>(
    method: string,
    path: string,
    options: { token?: string | null; body?: unknown; rawBody?: string } = {},
  ): Promise<ApiAnswer<T>> {
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

  get<T = Json>(path: string, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('GET', path, { token });
  }

  put<T = Json>(path: string, body: unknown, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('PUT', path, { body, token });
  }

  post<T = Json>(path: string, body: unknown, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('POST', path, { body, token });
  }

  patch<T = Json>(path: string, body: unknown, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('PATCH', path, { body, token });
  }

  delete<T = Json>(path: string, token?: string | null): Promise<ApiAnswer<T>> {
    return this.call<T>('DELETE', path, { token });
  }
}
