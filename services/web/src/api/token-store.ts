/**
 * Where the session lives in the browser: the access token in memory only, the refresh token in
 * identity's HttpOnly cookie, and in localStorage just a flag that a cookie session may exist
 * (docs/decisions/web-session-and-csp.md).
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
