import { ApiError } from './errors';
import { HttpClient, REFRESH_PATH, withQuery, type FetchLike, type LockLike } from './http';
import { SESSION_FLAG_KEY, TokenStore, type KeyValueStorage } from './token-store';
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
 * An in-memory stand-in for identity's token rules and the browser's cookie jar: access tokens valid
 * until `expire()`, the refresh token in an HttpOnly cookie (`jar`, which script cannot read), rotated
 * on each refresh, and reuse of a spent one revokes the family. Any other path answers 200 with the
 * Authorization header it saw, or 401 for a stale access token.
 */
class FakeIdentity {
  generation = 1;
  access = 'access-1';
  readonly valid = new Set(['access-1']);
  /** The browser's cookie, sent with every request to identity's path; shared by every tab. */
  jar: string | null = 'refresh-1';
  readonly spent = new Set<string>();
  refreshCalls = 0;
  revoked = false;
  refreshStatus = 200;
  readonly seen: { path: string; authorization: string | null; body?: string; cookieMode: boolean }[] = [];
  /** Answers to these paths are held back until the promise resolves (a slow network). */
  readonly held = new Map<string, Promise<void>>();

  readonly fetch: FetchLike = async (input, init) => {
    const headers = new Headers(init?.headers);
    const cookieMode = headers.get('x-session-cookie') === '1';
    this.seen.push({
      path: input,
      authorization: headers.get('authorization'),
      body: init?.body as string,
      cookieMode,
    });
    const presented = this.jar; // the cookie as it was when the request left
    await Promise.resolve();
    if (input === REFRESH_PATH) {
      this.refreshCalls++;
      if (this.refreshStatus !== 200)
        return json(this.refreshStatus, { statusCode: this.refreshStatus, error: 'x', message: 'refresh failed' });
      if (!cookieMode || presented === null || this.revoked || this.spent.has(presented)) {
        if (presented !== null && this.spent.has(presented)) this.revoked = true;
        return json(401, { statusCode: 401, error: 'Unauthorized', message: 'Refresh token is not valid' });
      }
      this.spent.add(presented);
      this.generation++;
      this.access = `access-${this.generation}`;
      this.valid.add(this.access);
      this.jar = `refresh-${this.generation}`;
      const pair: Pick<TokenPair, 'accessToken' | 'expiresIn'> = { accessToken: this.access, expiresIn: 900 };
      return json(200, pair);
    }
    const answer = this.valid.has(headers.get('authorization')?.replace(/^Bearer /, '') ?? '')
      ? json(200, { path: input, method: init?.method })
      : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Access token expired' });
    await this.held.get(input);
    return answer;
  };

  /** The access tokens expire: the next call with one gets 401. */
  expire(): void {
    this.valid.clear();
  }
}

/** Web Locks in miniature: one holder at a time per name, the others queue. */
function sharedLock(): LockLike {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(name: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(name) ?? Promise.resolve()).then(task, task);
    tails.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  };
}

function setUp(options: { access?: string | null; session?: boolean } = {}) {
  const identity = new FakeIdentity();
  const storage = new MemoryStorage();
  const tokens = new TokenStore(storage);
  const http = new HttpClient(tokens, identity.fetch, '', sharedLock());
  const access = options.access === undefined ? 'access-1' : options.access;
  if (options.session !== false) storage.setItem(SESSION_FLAG_KEY, '1');
  else identity.jar = null;
  if (access && options.session !== false) tokens.set(access);
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
    const { http } = setUp({ access: null, session: false });
    await expect(http.request('GET', '/api/identity/me')).rejects.toMatchObject({
      status: 401,
      message: 'Access token expired',
    });
  });

  it('refreshes once on 401 with the cookie, never a token of its own, and retries with the new access token', async () => {
    const { http, identity, storage } = setUp();
    identity.expire();
    const pairs: (TokenPair | null)[] = [];
    http.onSessionChange((pair) => pairs.push(pair));

    await expect(http.request('GET', '/api/identity/me')).resolves.toMatchObject({ path: '/api/identity/me' });
    expect(identity.refreshCalls).toBe(1);
    expect(identity.seen.map((s) => s.authorization)).toEqual(['Bearer access-1', null, 'Bearer access-2']);
    expect(identity.seen[1]).toMatchObject({ path: REFRESH_PATH, body: '{}', cookieMode: true });
    expect(identity.jar).toBe('refresh-2');
    expect([...storage.values.values()]).toEqual(['1']); // the flag only: no token in storage
    expect(pairs).toEqual([{ accessToken: 'access-2', expiresIn: 900 }]);
  });

  it("refreshes a prepared request (the generated client's) once on 401 and sends it again, body and all", async () => {
    const { http, identity } = setUp();
    identity.expire();
    const request = new Request('http://app.test/api/catalog/courses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":"T"}',
    });

    const response = await http.fetch(request, true);
    expect(response.status).toBe(200);
    expect(identity.refreshCalls).toBe(1);
    expect(identity.seen.map((s) => [s.authorization, s.body])).toEqual([
      ['Bearer access-1', '{"title":"T"}'],
      [null, '{}'],
      ['Bearer access-2', '{"title":"T"}'],
    ]);
  });

  it('sends a prepared request without a token and never refreshes when it is public', async () => {
    const { http, identity } = setUp();
    identity.expire();
    const response = await http.fetch(new Request('http://app.test/api/identity/login', { method: 'POST' }), false);
    expect(response.status).toBe(401);
    expect(identity.refreshCalls).toBe(0);
    expect(identity.seen[0].authorization).toBeNull();
  });

  it('restores a session after a reload or in a new tab: no access token in memory, the cookie and the flag', async () => {
    const { http, identity } = setUp({ access: null });
    await expect(http.request('GET', '/api/progress/enrollments')).resolves.toBeDefined();
    expect(identity.refreshCalls).toBe(1);
    expect(identity.jar).toBe('refresh-2');
  });

  it('lets tabs sharing the cookie take turns to refresh, so none presents a spent cookie', async () => {
    const { identity, storage } = setUp({ access: null });
    const lock = sharedLock();
    const tabs = [1, 2, 3].map(() => new HttpClient(new TokenStore(storage), identity.fetch, '', lock));
    const answers = await Promise.all(tabs.map((tab) => tab.request('GET', '/api/identity/me')));
    expect(answers).toHaveLength(3);
    expect(identity.revoked).toBe(false);
    expect(identity.refreshCalls).toBe(3);
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
    identity.revoked = true;
    const pairs: (TokenPair | null)[] = [];
    http.onSessionChange((pair) => pairs.push(pair));

    const failure = http.request('GET', '/api/identity/me');
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 401 });
    expect(identity.refreshCalls).toBe(1);
    expect(storage.getItem(SESSION_FLAG_KEY)).toBeNull();
    expect(tokens.getAccessToken()).toBeNull();
    expect(pairs).toEqual([null]);
  });

  it('keeps the session when the refresh fails on the server side (5xx)', async () => {
    const { http, identity, storage } = setUp();
    identity.expire();
    identity.refreshStatus = 503;
    await expect(http.request('GET', '/api/identity/me')).rejects.toMatchObject({ status: 503 });
    expect(storage.getItem(SESSION_FLAG_KEY)).toBe('1');
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
