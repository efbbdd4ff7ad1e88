import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, UnauthenticatedError } from '@platform/service-kit';
import { IdentityConfig } from '../config/identity.config';
import { digestToken, newOpaqueToken } from '../security/opaque-token';
import { PasswordHasher } from '../security/password-hasher';
import { normaliseEmail } from '../users/email-address';
import { toUserView, User } from '../users/user.entity';
import { AccessTokenIssuer } from './access-token.issuer';
import type { Session } from './session.view';
import { RefreshToken } from './refresh-token.entity';
import { judgeRefreshToken, refreshTokenExpiry } from './refresh-token.rules';

export type { Session };

const BAD_CREDENTIALS = 'E-mail or password is incorrect';
const BAD_REFRESH = 'Refresh token is invalid or expired';
export const ACCOUNT_DISABLED = 'This account is disabled: ask an admin to enable it again';
const REUSED_REFRESH = 'Refresh token was already used: this sign-in has been revoked, sign in again';

@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly config: IdentityConfig,
  ) {}

  /**
   * Unknown e-mail and wrong password get the same answer after the same hashing work; only a
   * caller who knows the password learns that the address is unverified (403).
   */
  async login(email: string, password: string): Promise<Session> {
    const user = await this.em.findOne(User, { emailNormalised: normaliseEmail(email) });
    const passwordMatches = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !passwordMatches) throw new UnauthenticatedError(BAD_CREDENTIALS);
    if (!user.emailVerified) throw new ForbiddenError('Confirm your e-mail address first: we sent you a link');
    if (user.disabledAt) throw new ForbiddenError(ACCOUNT_DISABLED);
    return this.startSession(this.em, user, randomUUID());
  }

  /**
   * Spends the presented token and issues the next one of its family (rotation). The spend is one
   * guarded UPDATE in the transaction that stores the successor, so of two concurrent refreshes
   * with one token only one succeeds; presenting a spent token revokes the whole family.
   */
  async refresh(refreshToken: string): Promise<Session> {
    const token = await this.em.findOne(RefreshToken, { tokenDigest: digestToken(refreshToken) });
    const verdict = judgeRefreshToken(token);
    if (verdict === 'reused' && token) {
      await this.revokeFamily(this.em, token.familyId);
      throw new UnauthenticatedError(REUSED_REFRESH);
    }
    if (verdict !== 'usable' || !token) throw new UnauthenticatedError(BAD_REFRESH);

    const session = await this.em.transactional(async (tx) => {
      const now = new Date();
      const spent = await tx.nativeUpdate(
        RefreshToken,
        { id: token.id, spentAt: null, revokedAt: null, expiresAt: { $gt: now } },
        { spentAt: now },
      );
      if (spent !== 1) return undefined;
      const user = await tx.findOne(User, token.userId);
      // A disabled account's tokens are revoked when it is disabled; this refuses a race with that.
      if (!user || user.disabledAt) throw new UnauthenticatedError(BAD_REFRESH);
      return this.startSession(tx, user, token.familyId);
    });
    if (!session) {
      // Lost a race with another use of the same token: treated as reuse.
      await this.revokeFamily(this.em, token.familyId);
      throw new UnauthenticatedError(REUSED_REFRESH);
    }
    return session;
  }

  /** Revokes the token's whole sign-in. Idempotent: unknown or already revoked tokens are fine. */
  async logout(refreshToken: string): Promise<void> {
    const token = await this.em.findOne(RefreshToken, { tokenDigest: digestToken(refreshToken) });
    if (token) await this.revokeFamily(this.em, token.familyId);
  }

  /** Signs every sign-in of the user out, but `exceptSessionId`, in the caller's transaction. */
  async revokeAllOf(em: EntityManager, userId: string, exceptSessionId?: string): Promise<void> {
    await em.nativeUpdate(
      RefreshToken,
      { userId, revokedAt: null, ...(exceptSessionId ? { familyId: { $ne: exceptSessionId } } : {}) },
      { revokedAt: new Date() },
    );
  }

  private async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
  }

  private async startSession(em: EntityManager, user: User, familyId: string): Promise<Session> {
    const refreshToken = newOpaqueToken();
    const tokenRow = new RefreshToken(
      user.id,
      familyId,
      digestToken(refreshToken),
      refreshTokenExpiry(this.config.REFRESH_TOKEN_TTL_DAYS),
    );
    await em.persistAndFlush(tokenRow);
    return {
      accessToken: await this.accessTokens.issue(user, familyId),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
      user: toUserView(user),
    };
  }
}
