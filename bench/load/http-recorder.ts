// Every request of a load run goes through here: timed, its status kept per route, 429s waited out
// as the platform asks (Retry-After), and a request that gets no answer in time counted as such.

export interface RequestRecord {
  /** `GET /api/catalog/courses/:id`; storage requests are `PUT storage`, `GET storage`. */
  readonly route: string;
  /** 0 when no answer came (refused, reset, timed out). */
  readonly status: number;
  readonly ms: number;
  readonly error?: string;
  /** This attempt failed (no answer, 502 or 503) and the request was sent again. */
  readonly retried?: boolean;
  /** When it was sent (epoch ms), to place a failure among the faults of a chaos run. */
  readonly at?: number;
}

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly json: T;
  readonly text: string;
  readonly headers: Headers;
  /** An earlier attempt got no answer (or a 502/503) and was sent again: a 409 may mean the first one took. */
  readonly retried: boolean;
}

export interface RecorderOptions {
  readonly baseUrl: string;
  readonly requestTimeoutMs: number;
  /** Aborted at the run's deadline: every request in flight stops. */
  readonly signal: AbortSignal;
  /** How many times one request is sent again after a 429 before the 429 is returned. */
  readonly maxThrottleRetries?: number;
  /**
   * Send a request again (up to this many times, backing off) when it got no answer, 502 or 503, if
   * a retry cannot double it: GET, HEAD, PUT, DELETE or an Idempotency-Key. 0 (the load's default):
   * every failure counts.
   */
  readonly networkRetries?: number;
  /**
   * Storage requests (presigned PUT/GET) sent again on no answer, 500 or 503, as S3's own clients do:
   * S3 documents 500 InternalError and 503 SlowDown as retryable and a presigned PUT is idempotent.
   */
  readonly storageRetries?: number;
  /** Backoff before retry n (from 0); equal-jitter exponential by default. */
  readonly backoff?: (attempt: number) => number;
  /** Hears every answered request (the chaos run watches for uploads to kill the worker mid-image). */
  readonly onRecord?: (record: RequestRecord) => void;
}

const RETRIABLE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** Answers of the platform's edge that say nothing was done, or the service is going away. */
const API_RETRY_STATUSES = new Set([502, 503]);
/** S3's retryable answers (InternalError, SlowDown). */
const STORAGE_RETRY_STATUSES = new Set([500, 503]);
const STORAGE_RETRIES = 3;

/**
 * Exponential backoff with equal jitter: half of base × 2^attempt (capped) for sure, the other half
 * at random, so clients that failed together do not come back together, yet always pause.
 */
export function backoffMs(attempt: number, { baseMs = 200, capMs = 5000, random = Math.random } = {}): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Whether sending `init` twice cannot apply it twice. */
export function retriable(init: RequestInit): boolean {
  const headers = new Headers(init.headers);
  return RETRIABLE_METHODS.has((init.method ?? 'GET').toUpperCase()) || headers.has('idempotency-key');
}

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[A-Za-z0-9_-]{20,})$/i;

/** The route of a path, ids replaced by `:id` and the query dropped, so requests group by endpoint. */
export function routeOf(method: string, path: string): string {
  const bare = path.split('?')[0];
  const segments = bare.split('/').map((segment) => (ID_SEGMENT.test(segment) ? ':id' : segment));
  return `${method.toUpperCase()} ${segments.join('/')}`;
}

/** Seconds (or an HTTP date) of a Retry-After header, in ms; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.max(250, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(250, date - now);
}

export class HttpRecorder {
  readonly records: RequestRecord[] = [];
  throttledWaitMs = 0;

  constructor(private readonly options: RecorderOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** A JSON call to the platform's API, behind the base URL; never throws for an HTTP status. */
  async api<T = unknown>(
    method: string,
    path: string,
    {
      token,
      body,
      idempotencyKey,
      repeatable,
    }: {
      token?: string;
      body?: unknown;
      idempotencyKey?: string;
      /** The caller knows a second copy is harmless (a sign-in, an idempotent POST): retried as a GET is. */
      repeatable?: boolean;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const { response, retried } = await this.send(routeOf(method, path), `${this.options.baseUrl}${path}`, init, {
      waitOutThrottle: true,
      retryStatuses: API_RETRY_STATUSES,
      retries: retriable(init) || repeatable ? (this.options.networkRetries ?? 0) : 0,
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json: json as T, text: text.slice(0, 300), headers: response.headers, retried };
  }

  /**
   * A request to an absolute URL the platform handed out (presigned storage URLs), recorded as
   * `<METHOD> storage`; sent again on no answer, 500 or 503 (`storageRetries`). The body must be
   * one that can be sent twice (bytes, not a stream).
   */
  async storage(method: string, url: string, init: RequestInit = {}): Promise<Response> {
    const { response } = await this.send(
      `${method} storage`,
      url,
      { ...init, method },
      {
        waitOutThrottle: false,
        retryStatuses: STORAGE_RETRY_STATUSES,
        retries: this.options.storageRetries ?? STORAGE_RETRIES,
      },
    );
    return response;
  }

  private record(record: RequestRecord): void {
    this.records.push(record);
    this.options.onRecord?.(record);
  }

  private async send(
    route: string,
    url: string,
    init: RequestInit,
    {
      waitOutThrottle,
      retryStatuses,
      retries,
    }: { waitOutThrottle: boolean; retryStatuses: Set<number>; retries: number },
  ): Promise<{ response: Response; retried: boolean }> {
    const maxRetries = this.options.maxThrottleRetries ?? 20;
    const backoff = this.options.backoff ?? ((attempt: number) => backoffMs(attempt));
    for (let attempt = 0, failed = 0; ; attempt++) {
      const started = performance.now();
      const at = Date.now();
      let response: Response;
      try {
        response = await fetch(url, {
          ...init,
          redirect: 'manual',
          signal: AbortSignal.any([this.options.signal, AbortSignal.timeout(this.options.requestTimeoutMs)]),
        });
      } catch (error) {
        const reason = this.options.signal.aborted ? 'run deadline reached' : describe(error);
        const retry = !this.options.signal.aborted && failed < retries;
        this.record({
          route,
          status: 0,
          ms: performance.now() - started,
          error: reason,
          retried: retry || undefined,
          at,
        });
        if (!retry) throw new Error(`${route}: no answer (${reason})`);
        await delay(backoff(failed++), this.options.signal);
        continue;
      }
      if ((retryStatuses.has(response.status) || (await keyStillInFlight(init, response))) && failed < retries) {
        this.record({ route, status: response.status, ms: performance.now() - started, retried: true, at });
        await response.body?.cancel();
        await delay(backoff(failed++), this.options.signal);
        continue;
      }
      // Headers arrived: the latency is the server's; the body is read by the caller.
      this.record({ route, status: response.status, ms: performance.now() - started, at });
      if (response.status !== 429 || !waitOutThrottle || attempt >= maxRetries)
        return { response, retried: failed > 0 };
      const wait = retryAfterMs(response.headers.get('retry-after'));
      await response.body?.cancel();
      this.throttledWaitMs += wait;
      await delay(wait, this.options.signal);
    }
  }
}

/**
 * A 409 for an Idempotency-Key whose first request still holds it: after a crash, until its
 * database transaction is rolled back. Retry later, as the answer says (Stripe's clients do the same).
 */
async function keyStillInFlight(init: RequestInit, response: Response): Promise<boolean> {
  if (response.status !== 409 || !new Headers(init.headers).has('idempotency-key')) return false;
  return (await response.clone().text()).includes('still being processed');
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (error.name === 'TimeoutError') return 'timed out';
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}

/** Waits `ms`, or less if the signal aborts (then rejects). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('run deadline reached'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('run deadline reached'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
