import { Injectable } from '@nestjs/common';
import type { AccessTokenClaims } from '@platform/contracts';
import { SignJWT } from 'jose';
import { IdentityConfig } from '../config/identity.config';
import type { User } from '../users/user.entity';
import { SIGNING_ALGORITHM, SigningKeys } from './signing-keys';

/**
 * Access tokens: EdDSA JWTs with kid, iss, aud, sub, roles, email, name (AccessTokenClaims, verified by
 * every service) plus `sid`, the sign-in (refresh family) they belong to, which only identity reads.
 */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly config: IdentityConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(user: User, sessionId: string): Promise<string> {
    const { privateKey, kid } = await this.keys.ready();
    const claims: Omit<AccessTokenClaims, 'sub'> & { sid: string } = {
      roles: [...user.roles],
      email: user.email,
      name: user.displayName,
      sid: sessionId,
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(privateKey);
  }
}
