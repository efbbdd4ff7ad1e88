import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { RefreshTokenState } from './refresh-token.rules';

/**
 * One link of a refresh-token chain. A family is one sign-in (its id is the access token's `sid`);
 * every refresh spends the presented token and issues the next one in the same family; presenting
 * a spent token again means it leaked, so the whole family is revoked. Only the digest is stored.
 */
@Entity({ tableName: 'refresh_tokens' })
export class RefreshToken implements RefreshTokenState {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  userId: string;

  @Index()
  @Property({ type: 'uuid' })
  familyId: string;

  @Unique()
  @Property({ type: 'string', length: 64, hidden: true })
  tokenDigest: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  spentAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  constructor(userId: string, familyId: string, tokenDigest: string, expiresAt: Date) {
    this.userId = userId;
    this.familyId = familyId;
    this.tokenDigest = tokenDigest;
    this.expiresAt = expiresAt;
  }
}
