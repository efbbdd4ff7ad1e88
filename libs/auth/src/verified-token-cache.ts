/** How long and how many verified tokens a verifier keeps (see VerifiedTokenCache). */
export interface VerifiedTokenCacheOptions {
  /** Most entries held; the least recently used goes first. */
  readonly capacity: number;
  /** Longest an entry is kept after its verification, whatever the token's own `exp`. */
  readonly maxAgeMs: number;
}

export const VERIFIED_TOKEN_CACHE_DEFAULTS: VerifiedTokenCacheOptions = { capacity: 5_000, maxAgeMs: 60_000 };

interface Entry<T> {
  readonly value: T;
  /** Epoch ms after which the entry is gone: the token's `exp`, or the max age if that comes first. */
  readonly expiresAt: number;
}

/**
 * Successful verifications by the whole token string, until the token's `exp` (where jose refuses
 * it) or `maxAgeMs`, least recently used out first: why a hit accepts nothing more is in
 * docs/decisions/verified-token-cache.md. A Map in insertion order is the whole LRU.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly options: VerifiedTokenCacheOptions = VERIFIED_TOKEN_CACHE_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.capacity >= 1) || !(options.maxAgeMs > 0))
      throw new RangeError('VerifiedTokenCache needs a capacity of at least 1 and a positive max age');
  }

  get(token: string): T | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (this.now() >= entry.expiresAt) return undefined;
    this.entries.set(token, entry);
    return entry.value;
  }

  /** Keeps what verifying `token` gave until its `exp` (seconds since the epoch, as in the JWT). */
  set(token: string, value: T, expSeconds: number): void {
    const now = this.now();
    const expiresAt = Math.min(expSeconds * 1000, now + this.options.maxAgeMs);
    this.entries.delete(token);
    if (!(expiresAt > now)) return; // already expired, or no usable exp: never kept
    this.entries.set(token, { value, expiresAt });
    if (this.entries.size > this.options.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
