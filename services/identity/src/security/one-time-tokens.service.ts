import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '@platform/service-kit';
import { OneTimeToken, type OneTimeTokenPurpose } from './one-time-token.entity';
import { digestToken, newOpaqueToken } from './opaque-token';

export interface IssueOptions {
  readonly ttlMs: number;
  /** Retire the user's earlier unused tokens of this purpose (only the newest reset link works). */
  readonly supersede?: boolean;
}

/** E-mailed secrets (verification, password reset): random, stored as digests, single-use, expiring. */
@Injectable()
export class OneTimeTokens {
  /** Records a new token in the caller's transaction and returns the only copy of its secret. */
  async issue(em: EntityManager, userId: string, purpose: OneTimeTokenPurpose, options: IssueOptions): Promise<string> {
    if (options.supersede) {
      await em.nativeUpdate(OneTimeToken, { userId, purpose, usedAt: null }, { usedAt: new Date() });
    }
    const token = newOpaqueToken();
    em.persist(new OneTimeToken(userId, purpose, digestToken(token), options.ttlMs));
    return token;
  }

  /**
   * Spends a token with one guarded UPDATE, so two concurrent uses cannot both succeed. Unknown,
   * expired and used tokens fail alike with `failure` (400).
   */
  async spend(em: EntityManager, token: string, purpose: OneTimeTokenPurpose, failure: string): Promise<OneTimeToken> {
    const record = await em.findOne(OneTimeToken, { tokenDigest: digestToken(token), purpose });
    if (!record || !record.isUsable()) throw new InvalidInputError(failure);
    const now = new Date();
    const spent = await em.nativeUpdate(
      OneTimeToken,
      { id: record.id, usedAt: null, expiresAt: { $gt: now } },
      { usedAt: now },
    );
    if (spent !== 1) throw new InvalidInputError(failure);
    return record;
  }
}
