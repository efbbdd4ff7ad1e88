import { Inject, Injectable } from '@nestjs/common';
import { isRole } from '@platform/contracts';
import { UnauthenticatedError } from '@platform/service-kit';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthenticatedUser } from './authenticated-user';
import { ACCEPTED_ALGORITHMS, AUTH_OPTIONS, type AuthOptions } from './auth.options';

/** Verifies access tokens locally against identity's public keys: no call to identity per request. */
@Injectable()
export class AccessTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    this.keys =
      typeof options.keys === 'string'
        ? createRemoteJWKSet(new URL(options.keys), {
            cooldownDuration: 30_000,
            cacheMaxAge: 10 * 60_000,
            timeoutDuration: 5_000,
          })
        : options.keys;
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
      return { id: String(payload.sub), email: typeof payload.email === 'string' ? payload.email : '', roles };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('Access token expired');
      if (error instanceof errors.JOSEError) throw new UnauthenticatedError('Invalid access token');
      throw error;
    }
  }
}
