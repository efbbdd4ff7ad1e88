import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { IdentityConfig } from '../config/identity.config';
import type { User } from '../users/user.entity';
import { SIGNING_ALGORITHM, SigningKeys } from './signing-keys';

@Injectable()
export class AccessTokenIssuer {
  constructor(
    @Inject(SigningKeys) private readonly keys: SigningKeys,
    private readonly config: IdentityConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(user: User): Promise<string> {
    const { privateKey, kid } = await this.keys.ready();
    return new SignJWT({ roles: user.roles, email: user.email })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(privateKey);
  }
}
