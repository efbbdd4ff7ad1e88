/**
 * Where the session lives in the browser.
 *
 * - The access token only in memory: script on the page can read it, but it is never persisted,
 *   and it lives minutes.
 * - The refresh token nowhere script can read: identity keeps it in an HttpOnly, SameSite=Strict
 *   cookie on its own path (the app asks for that with SESSION_COOKIE_HEADER), so injected script
 *   can never carry it off. The cookie is the browser's, shared by its tabs: a reload or a new tab
 *   is signed in by a refresh; tabs take turns to refresh (http.ts), since each refresh rotates it.
 * - All the app stores is a flag in localStorage saying that a cookie session may exist, so it knows
 *   whether to try that refresh; the flag is no secret and proves nothing to identity.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SESSION_FLAG_KEY = 'platform.session';
/** Where earlier versions kept the refresh token itself (sessionStorage): removed on start. */
export const LEGACY_REFRESH_TOKEN_KEY = 'platform.refreshToken';

export class TokenStore {
  private accessToken: string | null = null;

  constructor(private readonly storage: KeyValueStorage | null) {}

  getAccessToken(): string | null {
    return this.accessToken;
  }

  /** Whether a cookie session may exist (this tab or another signed in, and nobody signed out since). */
  hasSession(): boolean {
    try {
      return this.storage?.getItem(SESSION_FLAG_KEY) === '1';
    } catch {
      // Storage can be disabled (private mode, blocked storage): the session then lasts one page.
      return this.accessToken !== null;
    }
  }

  set(accessToken: string): void {
    this.accessToken = accessToken;
    try {
      this.storage?.setItem(SESSION_FLAG_KEY, '1');
    } catch {
      // see hasSession
    }
  }

  clear(): void {
    this.accessToken = null;
    try {
      this.storage?.removeItem(SESSION_FLAG_KEY);
    } catch {
      // see hasSession
    }
  }
}

/** localStorage when the page has one (a browser), nothing otherwise; the legacy token is dropped. */
export function browserLocalStorage(): KeyValueStorage | null {
  try {
    if (typeof sessionStorage !== 'undefined') sessionStorage.removeItem(LEGACY_REFRESH_TOKEN_KEY);
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
