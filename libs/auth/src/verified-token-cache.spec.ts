import { VerifiedTokenCache } from './verified-token-cache';

describe('VerifiedTokenCache', () => {
  let now = 1_000_000_000_000;
  const clock = (): number => now;
  const inSeconds = (ms: number): number => (now + ms) / 1000;

  it('keeps an entry until the token expires, and not a millisecond longer', () => {
    const cache = new VerifiedTokenCache<string>({ capacity: 10, maxAgeMs: 60_000 }, clock);
    cache.set('t', 'alice', inSeconds(30_000));
    now += 29_999;
    expect(cache.get('t')).toBe('alice');
    now += 1; // exp * 1000: jose refuses from this moment on (exp <= now, in whole seconds)
    expect(cache.get('t')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never keeps an entry longer than its max age, whatever the exp', () => {
    const cache = new VerifiedTokenCache<string>({ capacity: 10, maxAgeMs: 5_000 }, clock);
    cache.set('t', 'alice', inSeconds(3_600_000));
    now += 4_999;
    expect(cache.get('t')).toBe('alice');
    now += 1;
    expect(cache.get('t')).toBeUndefined();
  });

  it('never keeps a token that has already expired or has no usable exp', () => {
    const cache = new VerifiedTokenCache<string>({ capacity: 10, maxAgeMs: 60_000 }, clock);
    cache.set('expired', 'a', inSeconds(0));
    cache.set('past', 'b', inSeconds(-1_000));
    cache.set('nan', 'c', Number.NaN);
    expect(cache.size).toBe(0);
    expect(cache.get('expired')).toBeUndefined();
  });

  it('is bounded: the least recently used token goes first', () => {
    const cache = new VerifiedTokenCache<string>({ capacity: 2, maxAgeMs: 60_000 }, clock);
    cache.set('a', 'A', inSeconds(30_000));
    cache.set('b', 'B', inSeconds(30_000));
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', inSeconds(30_000));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    for (let i = 0; i < 1_000; i++) cache.set(`t${i}`, 'x', inSeconds(30_000));
    expect(cache.size).toBe(2);
  });

  it('matches the whole token string only', () => {
    const cache = new VerifiedTokenCache<string>({ capacity: 10, maxAgeMs: 60_000 }, clock);
    cache.set('header.payload.signature', 'alice', inSeconds(30_000));
    expect(cache.get('header.payload.signaturf')).toBeUndefined();
    expect(cache.get('header.payload.')).toBeUndefined();
    expect(cache.get('header.payload.signature ')).toBeUndefined();
  });

  it('refuses a useless configuration', () => {
    expect(() => new VerifiedTokenCache({ capacity: 0, maxAgeMs: 1 })).toThrow(RangeError);
    expect(() => new VerifiedTokenCache({ capacity: 1, maxAgeMs: 0 })).toThrow(RangeError);
  });
});
