import type { JWTVerifyGetKey } from 'jose';

export interface AuthOptions {
  /**
   * Where the verification keys come from: identity's JWKS URL (fetched once, cached, refetched on an
   * unknown `kid`), or a key resolver (identity verifies its own tokens without a round trip).
   */
  readonly keys: string | JWTVerifyGetKey;
  readonly issuer: string;
  readonly audience: string;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/** Only asymmetric algorithms: a service holding the public key must not be able to mint tokens. */
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'ES256'];
