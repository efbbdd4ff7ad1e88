/**
 * Where the session's tokens live.
 *
 * - The access token only in memory: script on the page can read it, but it is never persisted,
 *   and it lives minutes.
 * - The refresh token in sessionStorage, not localStorage: it survives a reload of the tab but dies
 *   with the tab, which shortens the window in which a stolen token is useful; and because identity
 *   rotates refresh tokens and revokes the whole family when a spent one is reused, one token shared
 *   by several tabs (localStorage) would let two tabs refresh with the same token and sign each
 *   other out. Each tab holding its own family avoids that race.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const REFRESH_TOKEN_KEY = 'platform.refreshToken';

export class TokenStore {
  private accessToken: string | null = null;

  constructor(private readonly storage: KeyValueStorage | null) {}

  getAccessToken(): string | null {
    return this.accessToken;
  }

  getRefreshToken(): string | null {
    try {
      return this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
    } catch {
      // Storage can be disabled (private mode, blocked cookies): the session then lasts one page.
      return null;
    }
  }

  set(accessToken: string, refreshToken: string): void {
    this.accessToken = accessToken;
    try {
      this.storage?.setItem(REFRESH_TOKEN_KEY, refreshToken);
    } catch {
      // see getRefreshToken
    }
  }

  clear(): void {
    this.accessToken = null;
    try {
      this.storage?.removeItem(REFRESH_TOKEN_KEY);
    } catch {
      // see getRefreshToken
    }
  }
}

/** sessionStorage when the page has one (a browser), nothing otherwise. */
export function browserSessionStorage(): KeyValueStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
