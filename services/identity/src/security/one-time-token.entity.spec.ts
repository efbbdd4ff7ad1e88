import { OneTimeToken } from './one-time-token.entity';

describe('one-time tokens', () => {
  const issuedAt = new Date('2026-01-01T10:00:00Z');

  it('work until they expire', () => {
    const token = new OneTimeToken('user', 'reset-password', 'digest', 3_600_000, issuedAt);
    expect(token.expiresAt.toISOString()).toBe('2026-01-01T11:00:00.000Z');
    expect(token.isUsable(new Date('2026-01-01T10:59:59Z'))).toBe(true);
    expect(token.isUsable(new Date('2026-01-01T11:00:00Z'))).toBe(false);
  });

  it('work once', () => {
    const token = new OneTimeToken('user', 'verify-email', 'digest', 60_000, issuedAt);
    token.usedAt = issuedAt;
    expect(token.isUsable(issuedAt)).toBe(false);
  });
});
