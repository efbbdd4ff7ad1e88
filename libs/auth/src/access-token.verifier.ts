import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_TOKEN_MAX_TTL_SECONDS, isRole } from '@platform/contracts';
import { DependencyUnavailableError, UnauthenticatedError } from '@platform/service-kit';
import { isUUID } from 'class-validator';
import {
  createRemoteJWKSet,
  errors,
  type FlattenedJWSInput,
  jwtVerify,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { AuthenticatedUser } from './authenticated-user';
import { ACCEPTED_ALGORITHMS, AUTH_OPTIONS, type AuthOptions } from './auth.options';
import { VERIFIED_TOKEN_CACHE_DEFAULTS, VerifiedTokenCache } from './verified-token-cache';

/** Socket failures of fetching identity's JWKS: identity unreachable, not a bad token. */
const KEY_FETCH_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether verifying failed because the keys could not be fetched (503, worth a retry) rather than the token. */
export function keysUnreachable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = failure?.code ?? failure?.cause?.code;
  return typeof code === 'string' && KEY_FETCH_FAILURES.has(code);
}

/** A token that passed the full verification, and the key that verified its signature. */
interface Verified {
  readonly user: AuthenticatedUser;
  readonly header: JWTHeaderParameters;
  readonly jws: FlattenedJWSInput;
  readonly key: unknown;
}

/**
 * Verifies access tokens locally against identity's public keys, keeping verified ones until their
 * `exp` (why that accepts nothing more: docs/decisions/verified-token-cache.md).
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly verified: VerifiedTokenCache<Verified> | undefined;
  private readonly maxLifetimeSeconds: number;
  private readonly clockToleranceSeconds: number;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    this.keys =
      typeof options.keys === 'string'
        ? createRemoteJWKSet(new URL(options.keys), {
            cooldownDuration: 30_000,
            cacheMaxAge: 10 * 60_000,
            timeoutDuration: 5_000,
          })
        : options.keys;
    this.verified =
      options.verifiedTokenCache === false
        ? undefined
        : new VerifiedTokenCache(options.verifiedTokenCache ?? VERIFIED_TOKEN_CACHE_DEFAULTS);
    this.maxLifetimeSeconds = options.maxLifetimeSeconds ?? ACCESS_TOKEN_MAX_TTL_SECONDS;
    this.clockToleranceSeconds = options.clockToleranceSeconds ?? 10;
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const hit = this.verified?.get(token);
    if (hit) {
      if (await this.stillVerifiedBy(hit)) return hit.user;
      this.verified?.delete(token);
    }
    try {
      const { payload, protectedHeader, key } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      this.assertClaimsBounded(payload);
      const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
      const user: AuthenticatedUser = Object.freeze({
        id: String(payload.sub),
        email: typeof payload.email === 'string' ? payload.email : '',
        displayName: typeof payload.name === 'string' ? payload.name : '',
        roles: Object.freeze(roles),
      });
      const [protectedPart, payloadPart, signature] = token.split('.');
      const jws: FlattenedJWSInput = { protected: protectedPart, payload: payloadPart, signature };
      this.verified?.set(token, { user, header: protectedHeader, jws, key }, payload.exp as number);
      return user;
    } catch (error) {
      // Identity restarting (a rollout, a crash): the caller gets 503 and may retry, not a 500 or a 401.
      if (keysUnreachable(error)) throw new DependencyUnavailableError("identity's signing keys cannot be fetched");
      if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('Access token expired');
      if (error instanceof errors.JOSEError) throw new UnauthenticatedError('Invalid access token');
      throw error;
    }
  }

  /** Bounds jose does not check: lifetime, `iat` in the future, a subject that is not a user id. */
  private assertClaimsBounded(payload: JWTPayload): void {
    const nowSeconds = Date.now() / 1000;
    const { exp, iat, sub } = payload as Required<Pick<JWTPayload, 'exp' | 'iat' | 'sub'>>;
    if (exp - iat > this.maxLifetimeSeconds) throw new errors.JWTInvalid('token lifetime is longer than allowed');
    if (iat > nowSeconds + this.clockToleranceSeconds) throw new errors.JWTInvalid('token issued in the future');
    if (!isUUID(sub)) throw new errors.JWTInvalid('subject is not a user id');
  }

  /** Whether the keys still resolve the token's header to the key that verified it (key rotation ends a hit). */
  private async stillVerifiedBy(hit: Verified): Promise<boolean> {
    try {
      return (await this.keys(hit.header, hit.jws)) === hit.key;
    } catch {
      return false; // e.g. the key is gone: the full verification gives the answer and its error
    }
  }
}
