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
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/** Only asymmetric algorithms: a service holding the public key must not be able to mint tokens. */
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'ES256'];
