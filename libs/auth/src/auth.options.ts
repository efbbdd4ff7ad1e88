import type { JWTVerifyGetKey } from 'jose';
import type { VerifiedTokenCacheOptions } from './verified-token-cache';

export interface AuthOptions {
  /**
   * Where the verification keys come from: identity's JWKS URL (fetched once, cached, refetched on an
   * unknown `kid`), or a key resolver (identity verifies its own tokens without a round trip).
   */
  readonly keys: string | JWTVerifyGetKey;
  readonly issuer: string;
  readonly audience: string;
  /**
   * Size and max age of the cache of verified tokens (see AccessTokenVerifier);
   * @default VERIFIED_TOKEN_CACHE_DEFAULTS (5,000 tokens, 60 s). `false` verifies every request in full.
   */
  readonly verifiedTokenCache?: VerifiedTokenCacheOptions | false;
  /**
   * Longest lifetime (`exp - iat`) a token may claim; a longer-lived one is refused whatever its signature.
   * @default ACCESS_TOKEN_MAX_TTL_SECONDS (15 minutes, the most identity issues)
   */
  readonly maxLifetimeSeconds?: number;
  /**
   * Clock difference between identity and this process forgiven when checking that `iat` is not in the
   * future (`exp` and `nbf` are checked exactly, as the cache of verified tokens assumes).
   * @default 10
   */
  readonly clockToleranceSeconds?: number;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/** Only asymmetric algorithms: a service holding the public key must not be able to mint tokens. */
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'ES256'];
