/** What a presented refresh token means, before anything is changed. */
export type RefreshTokenVerdict =
  /** Not issued by us (or its row is gone). */
  | 'unknown'
  /** Its family was signed out (logout, password change or reset, detected reuse). */
  | 'revoked'
  /** Already spent by an earlier refresh: a copy leaked or was replayed, so its family must go. */
  | 'reused'
  | 'expired'
  | 'usable';

export interface RefreshTokenState {
  readonly spentAt: Date | null;
  readonly revokedAt: Date | null;
  readonly expiresAt: Date;
}

/**
 * The rotation rule: a refresh token works once, within its lifetime, while its family stands.
 * Revocation wins over reuse (the family is already gone: nothing more to revoke), reuse over
 * expiry (a replayed token is a theft signal even when old).
 */
export function judgeRefreshToken(token: RefreshTokenState | null, now = new Date()): RefreshTokenVerdict {
  if (!token) return 'unknown';
  if (token.revokedAt) return 'revoked';
  if (token.spentAt) return 'reused';
  if (token.expiresAt <= now) return 'expired';
  return 'usable';
}

/** Expiry of a token issued at `now`: every rotation starts a fresh lifetime (sliding sessions). */
export function refreshTokenExpiry(ttlDays: number, now = new Date()): Date {
  return new Date(now.getTime() + ttlDays * 86_400_000);
}
