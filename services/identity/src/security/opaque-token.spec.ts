import { digestToken, newOpaqueToken } from './opaque-token';

describe('opaque tokens', () => {
  it('are 32 random bytes in base64url: 43 URL-safe characters, never repeated', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newOpaqueToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('are stored as a SHA-256 hex digest that is stable and reveals nothing of the token', () => {
    const token = newOpaqueToken();
    expect(digestToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(digestToken(token)).toBe(digestToken(token));
    expect(digestToken(token)).not.toContain(token);
    expect(digestToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
