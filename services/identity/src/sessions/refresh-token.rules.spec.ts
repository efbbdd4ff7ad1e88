import { judgeRefreshToken, refreshTokenExpiry } from './refresh-token.rules';

describe('refresh-token rotation rules', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const later = new Date('2026-03-31T12:00:00Z');
  const fresh = { spentAt: null, revokedAt: null, expiresAt: later };

  it('lets a fresh token within its lifetime be spent', () => {
    expect(judgeRefreshToken(fresh, now)).toBe('usable');
  });

  it('refuses unknown, expired and revoked tokens', () => {
    expect(judgeRefreshToken(null, now)).toBe('unknown');
    expect(judgeRefreshToken({ ...fresh, expiresAt: now }, now)).toBe('expired');
    expect(judgeRefreshToken({ ...fresh, revokedAt: now }, now)).toBe('revoked');
  });

  it('treats a spent token presented again as reuse, even once expired', () => {
    expect(judgeRefreshToken({ ...fresh, spentAt: now }, now)).toBe('reused');
    expect(judgeRefreshToken({ ...fresh, spentAt: now, expiresAt: now }, later)).toBe('reused');
  });

  it('does not call a token of a revoked family reused: there is nothing left to revoke', () => {
    expect(judgeRefreshToken({ ...fresh, spentAt: now, revokedAt: now }, now)).toBe('revoked');
  });

  it('gives every rotated token a fresh lifetime', () => {
    expect(refreshTokenExpiry(30, now).toISOString()).toBe('2026-03-31T12:00:00.000Z');
  });
});
