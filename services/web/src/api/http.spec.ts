import { ApiError } from './errors';
import { HttpClient, REFRESH_PATH, withQuery, type FetchLike } from './http';
import { REFRESH_TOKEN_KEY, TokenStore, type KeyValueStorage } from './token-store';
import type { TokenPair } from './types';

class MemoryStorage implements KeyValueStorage {
  readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
  removeItem(key: string): void {
    this.values.delete(key);
  }
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * An in-memory stand-in for identity's token rules: one valid access token at a time, rotating
 * refresh tokens, and reuse of a spent refresh token revokes the family. Any other path answers
 * 200 with the Authorization header it saw, or 401 for a stale access token.
 */
class FakeIdentity {
  generation = 1;
  access = 'access-1';
  refresh: string | null = 'refresh-1';
  readonly spent = new Set<string>();
  refreshCalls = 0;
  revoked = false;
  refreshStatus = 200;
  readonly seen: { path: string; authorization: string | null; body?: string }[] = [];
  /** Answers to these paths are held back until the promise resolves (a slow network). */
  readonly held = new Map<string, Promise<void>>();

  readonly fetch: FetchLike = async (input, init) => {
    const headers = new Headers(init?.headers);
    this.seen.push({ path: input, authorization: headers.get('authorization'), body: init?.body as string });
    await Promise.resolve();
    if (input === REFRESH_PATH) {
      this.refreshCalls++;
      if (this.refreshStatus !== 200)
        return json(this.refreshStatus, { statusCode: this.refreshStatus, error: 'x', message: 'refresh failed' });
      const { refreshToken } = JSON.parse(String(init?.body)) as { refreshToken: string };
      if (this.revoked || this.spent.has(refreshToken) || refreshToken !== this.refresh) {
        if (this.spent.has(refreshToken)) this.revoked = true;
        return json(401, { statusCode: 401, error: 'Unauthorized', message: 'Refresh token is not valid' });
      }
      this.spent.add(refreshToken);
      this.generation++;
      this.access = `access-${this.generation}`;
      this.refresh = `refresh-${this.generation}`;
      const pair: TokenPair = { accessToken: this.access, refreshToken: this.refresh, expiresIn: 900 };
      return json(200, pair);
    }
    const answer =
      headers.get('authorization') === `Bearer ${this.access}`
        ? json(200, { path: input, method: init?.method })
        : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Access token expired' });
    await this.held.get(input);
    return answer;
  };

  /** The access token expires: the next call with it gets 401. */
  expire(): void {
    this.access = `expired-${this.generation}`;
  }
}

function setUp(options: { access?: string | null; refresh?: string | null } = {}) {
  const identity = new FakeIdentity();
  const storage = new MemoryStorage();
  const tokens = new TokenStore(storage);
  const http = new HttpClient(tokens, identity.fetch);
  const access = options.access === undefined ? 'access-1' : options.access;
  const refresh = options.refresh === undefined ? 'refresh-1' : options.refresh;
  if (refresh) storage.setItem(REFRESH_TOKEN_KEY, refresh);
  if (access && refresh) tokens.set(access, refresh);
  return { identity, storage, tokens, http };
}

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(withQuery('/api/catalog/courses', { search: 'k8s & go', page: 2, limit: undefined, mine: false })).toBe(
      '/api/catalog/courses?search=k8s+%26+go&page=2',
    );
    expect(withQuery('/x', { search: '' })).toBe('/x');
  });
});

describe('HttpClient', () => {
  it('sends the access token and JSON body, and parses the JSON answer', async () => {
    const { http, identity } = setUp();
    const answer = await http.request<{ path: string; method: string }>('POST', '/api/catalog/courses', {
      body: { title: 'T' },
    });
    expect(answer).toEqual({ path: '/api/catalog/courses', method: 'POST' });
    expect(identity.seen[0]).toMatchObject({ authorization: 'Bearer access-1', body: '{"title":"T"}' });
  });

  it('throws the API message as an ApiError', async () => {
    const { http } = setUp({ access: null, refresh: null });
    await expect(http.request('GET', '/api/identity/me')).rejects.toMatchObject({
      status: 401,
      message: 'Access token expired',
    });
  });

  it('refreshes once on 401, retries with the new token and stores the rotated refresh token', async () => {
    const { http, identity, storage } = setUp();
    identity.expire();
    const pairs: (TokenPair | null)[] = [];
    http.onSessionChange((pair) => pairs.push(pair));

    await expect(http.request('GET', '/api/identity/me')).resolves.toMatchObject({ path: '/api/identity/me' });
    expect(identity.refreshCalls).toBe(1);
    expect(identity.seen.map((s) => s.authorization)).toEqual(['Bearer access-1', null, 'Bearer access-2']);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    expect(pairs).toEqual([{ accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900 }]);
  });

  it('restores a session after a reload: no access token in memory, a refresh token in storage', async () => {
    const { http, identity, storage } = setUp({ access: null });
    await expect(http.request('GET', '/api/progress/enrollments')).resolves.toBeDefined();
    expect(identity.refreshCalls).toBe(1);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
  });

  it('shares one refresh between concurrent 401s, so a spent refresh token is never presented again', async () => {
    const { http, identity } = setUp();
    identity.expire();
    const answers = await Promise.all([
      http.request('GET', '/api/a'),
      http.request('GET', '/api/b'),
      http.request('GET', '/api/c'),
    ]);
    expect(answers).toHaveLength(3);
    expect(identity.refreshCalls).toBe(1);
    expect(identity.revoked).toBe(false);
  });

  it('retries without refreshing when another request renewed the token while it was on the wire', async () => {
    const { http, identity } = setUp();
    identity.expire();
    let release!: () => void;
    identity.held.set('/api/slow', new Promise<void>((resolve) => (release = resolve)));
    const slow = http.request('GET', '/api/slow');
    await http.request('GET', '/api/fast'); // 401, refresh, retry: done while /api/slow is still out
    release();
    await expect(slow).resolves.toMatchObject({ path: '/api/slow' });
    expect(identity.refreshCalls).toBe(1);
    expect(identity.seen.filter((s) => s.path === '/api/slow').map((s) => s.authorization)).toEqual([
      'Bearer access-1',
      'Bearer access-2',
    ]);
  });

  it('refreshes again when a later access token expires too', async () => {
    const { http, identity } = setUp();
    identity.expire();
    await http.request('GET', '/api/first');
    identity.expire();
    await Promise.all([http.request('GET', '/api/x'), http.request('GET', '/api/y')]);
    expect(identity.refreshCalls).toBe(2);
    expect(identity.revoked).toBe(false);
  });

  it('ends the session when identity refuses the refresh, and does not retry again', async () => {
    const { http, identity, storage, tokens } = setUp();
    identity.expire();
    identity.refresh = 'someone-else';
    const pairs: (TokenPair | null)[] = [];
    http.onSessionChange((pair) => pairs.push(pair));

    const failure = http.request('GET', '/api/identity/me');
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 401 });
    expect(identity.refreshCalls).toBe(1);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(tokens.getAccessToken()).toBeNull();
    expect(pairs).toEqual([null]);
  });

  it('keeps the session when the refresh fails on the server side (5xx)', async () => {
    const { http, identity, storage } = setUp();
    identity.expire();
    identity.refreshStatus = 503;
    await expect(http.request('GET', '/api/identity/me')).rejects.toMatchObject({ status: 503 });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
  });

  it('never refreshes for public calls such as login', async () => {
    const { http, identity } = setUp();
    identity.expire();
    await expect(http.request('POST', '/api/identity/login', { auth: false, body: {} })).rejects.toMatchObject({
      status: 401,
    });
    expect(identity.refreshCalls).toBe(0);
    expect(identity.seen[0].authorization).toBeNull();
  });

  it('maps a network failure to an ApiError with status 0', async () => {
    const http = new HttpClient(new TokenStore(null), async () => {
      throw new TypeError('fetch failed');
    });
    await expect(http.request('GET', '/api/catalog/courses')).rejects.toMatchObject({ status: 0 });
  });
});
