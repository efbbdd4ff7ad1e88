import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, UnauthenticatedError } from '@platform/service-kit';
import { IdentityConfig } from '../config/identity.config';
import { digestToken, newOpaqueToken } from '../security/opaque-token';
import { PasswordHasher } from '../security/password-hasher';
import { normaliseEmail } from '../users/email-address';
import { toUserView, User, type UserView } from '../users/user.entity';
import { AccessTokenIssuer } from './access-token.issuer';
import { RefreshToken } from './refresh-token.entity';

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserView;
}

const BAD_CREDENTIALS = 'E-mail or password is incorrect';
const BAD_REFRESH = 'Refresh token is invalid or expired';

@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly config: IdentityConfig,
  ) {}

  /** Unknown e-mail and wrong password get the same answer after the same amount of hashing work. */
  async login(email: string, password: string): Promise<Session> {
    const user = await this.em.findOne(User, { emailNormalised: normaliseEmail(email) });
    const passwordMatches = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !passwordMatches) throw new UnauthenticatedError(BAD_CREDENTIALS);
    if (!user.emailVerified) throw new ForbiddenError('Confirm your e-mail address first: we sent you a link');
    return this.startSession(user, randomUUID());
  }

  /**
   * Spends the presented token and issues the next one of its family. The spend is one guarded
   * UPDATE, so two concurrent refreshes with the same token cannot both succeed; presenting a
   * spent token revokes the family (it was stolen, or replayed).
   */
  async refresh(refreshToken: string): Promise<Session> {
    const digest = digestToken(refreshToken);
    const token = await this.em.findOne(RefreshToken, { tokenDigest: digest });
    if (!token || token.revokedAt) throw new UnauthenticatedError(BAD_REFRESH);
    if (token.spentAt) {
      await this.revokeFamily(token.familyId);
      throw new UnauthenticatedError('Refresh token was already used: all sessions of this sign-in are revoked');
    }
    if (token.expiresAt <= new Date()) throw new UnauthenticatedError(BAD_REFRESH);
    const spent = await this.em.nativeUpdate(
      RefreshToken,
      { id: token.id, spentAt: null, revokedAt: null },
      { spentAt: new Date() },
    );
    if (spent !== 1) {
      await this.revokeFamily(token.familyId);
      throw new UnauthenticatedError('Refresh token was already used: all sessions of this sign-in are revoked');
    }
    const user = await this.em.findOne(User, token.userId);
    if (!user) throw new UnauthenticatedError(BAD_REFRESH);
    return this.startSession(user, token.familyId);
  }

  /** Idempotent: an unknown or already revoked token is fine. */
  async logout(refreshToken: string): Promise<void> {
    const token = await this.em.findOne(RefreshToken, { tokenDigest: digestToken(refreshToken) });
    if (token) await this.revokeFamily(token.familyId);
  }

  async revokeAllOf(userId: string, exceptFamilyId?: string): Promise<void> {
    await this.em.nativeUpdate(
      RefreshToken,
      { userId, revokedAt: null, ...(exceptFamilyId ? { familyId: { $ne: exceptFamilyId } } : {}) },
      { revokedAt: new Date() },
    );
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
  }

  private async startSession(user: User, familyId: string): Promise<Session> {
    const refreshToken = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    this.em.persist(new RefreshToken(user.id, familyId, digestToken(refreshToken), expiresAt));
    await this.em.flush();
    return {
      accessToken: await this.accessTokens.issue(user),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
      user: toUserView(user),
    };
  }
}
