import { SESSION_COOKIE_HEADER } from '@platform/contracts';
import { networkError, toApiError } from './errors';
import type { TokenStore } from './token-store';
import type { TokenPair } from './types';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Runs `task` while holding the lock `name`, across every tab of the origin (Web Locks), or just runs it. */
export type LockLike = <T>(name: string, task: () => Promise<T>) => Promise<T>;

/** The Web Locks API where the browser has it (every current one); elsewhere tabs may race and sign each other out. */
export const browserLock: LockLike = <T>(name: string, task: () => Promise<T>): Promise<T> =>
  typeof navigator !== 'undefined' && navigator.locks
    ? (navigator.locks.request(name, task) as unknown as Promise<T>)
    : task();

/** What asks identity to keep the refresh token in its HttpOnly cookie (login, refresh, logout). */
export const COOKIE_SESSION_HEADERS: Readonly<Record<string, string>> = { [SESSION_COOKIE_HEADER]: '1' };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  readonly body?: unknown;
  readonly query?: Record<string, string | number | boolean | undefined>;
  /** Send the access token (default true); public endpoints may still accept one. */
  readonly auth?: boolean;
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
  /** Let the request outlive the page (a last save on leaving it). */
  readonly keepalive?: boolean;
}

export const REFRESH_PATH = '/api/identity/refresh';

/** Builds `path?query`, leaving out empty values. */
export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * JSON over fetch with the session's access token. A 401 on an authenticated request triggers one
 * refresh (identity rotates the refresh token in its cookie) and one retry; concurrent 401s share a
 * single refresh, and tabs take turns (a lock), since presenting a spent refresh token twice would
 * make identity revoke the whole session.
 */
export class HttpClient {
  private refreshing: Promise<boolean> | null = null;
  private readonly sessionListeners = new Set<(pair: TokenPair | null) => void>();

  constructor(
    private readonly tokens: TokenStore,
    private readonly fetchImpl: FetchLike,
    readonly baseUrl = '',
    private readonly lock: LockLike = browserLock,
  ) {}

  /** Called with the new pair after every refresh, and with null when the session ended. */
  onSessionChange(listener: (pair: TokenPair | null) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  startSession(pair: TokenPair): void {
    this.tokens.set(pair.accessToken);
  }

  endSession(): void {
    this.tokens.clear();
    this.emit(null);
  }

  hasAccessToken(): boolean {
    return this.tokens.getAccessToken() !== null;
  }

  /** Whether a cookie session may exist, so a refresh is worth trying. */
  hasSession(): boolean {
    return this.tokens.hasSession();
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const init: RequestInit = {
      method,
      headers,
      body,
      signal: options.signal,
      ...(options.keepalive ? { keepalive: true } : {}),
    };
    const response = await this.withRefresh(auth, () =>
      this.dispatch(this.baseUrl + withQuery(path, options.query), init, auth),
    );
    const answer = await readBody(response);
    if (!response.ok) throw toApiError(response.status, answer, response.statusText);
    return answer as T;
  }

  /**
   * Sends a request built elsewhere (the generated client's) with the access token when `auth`, and
   * the same refresh and retry on a 401 as `request`. It goes out as URL and init with the body as
   * text: a Request's own body is a stream, which a keepalive request may not send.
   */
  async fetch(request: Request, auth: boolean): Promise<Response> {
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      body: request.body === null ? undefined : await request.text(),
      signal: request.signal,
      ...(request.keepalive ? { keepalive: true } : {}),
    };
    return this.withRefresh(auth, () => this.dispatch(request.url, init, auth));
  }

  /** Sends, and on a 401 refreshes once and sends again; concurrent 401s share one refresh. */
  private async withRefresh(
    auth: boolean,
    attempt: () => Promise<{ response: Response; token: string | null }>,
  ): Promise<Response> {
    const first = await attempt();
    if (first.response.status === 401 && auth && this.hasSession()) {
      // Another request may already have refreshed while this one was on the wire: just retry.
      const current = this.tokens.getAccessToken();
      const renewed = (current !== null && current !== first.token) || (await this.refresh());
      if (renewed) return (await attempt()).response;
    }
    return first.response;
  }

  private async dispatch(
    url: string,
    init: RequestInit,
    auth: boolean,
  ): Promise<{ response: Response; token: string | null }> {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    const token = auth ? this.tokens.getAccessToken() : null;
    if (token) headers.set('authorization', `Bearer ${token}`);
    try {
      return { response: await this.fetchImpl(url, { ...init, headers }), token };
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw networkError(error);
    }
  }

  /**
   * Exchanges the cookie's refresh token for a new access token (and a rotated cookie). Resolves
   * false (and ends the session) when identity refuses it; a network failure is thrown and leaves
   * the session as it is.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.lock('platform.refresh', () => this.doRefresh()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    if (!this.tokens.hasSession()) return false;
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + REFRESH_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...COOKIE_SESSION_HEADERS },
        body: '{}',
        credentials: 'same-origin',
      });
    } catch (error) {
      throw networkError(error);
    }
    const body = await readBody(response);
    if (response.ok && isTokenPair(body)) {
      this.tokens.set(body.accessToken);
      this.emit(body);
      return true;
    }
    if (response.status >= 500) throw toApiError(response.status, body, response.statusText);
    this.endSession();
    return false;
  }

  private emit(pair: TokenPair | null): void {
    for (const listener of this.sessionListeners) listener(pair);
  }
}

function isTokenPair(value: unknown): value is TokenPair {
  return typeof value === 'object' && value !== null && typeof (value as TokenPair).accessToken === 'string';
}
