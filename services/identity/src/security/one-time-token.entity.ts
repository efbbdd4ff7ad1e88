import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export const ONE_TIME_TOKEN_PURPOSES = ['verify-email', 'reset-password'] as const;
export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

/** A single-use, expiring secret sent by e-mail; only its SHA-256 digest is stored. */
@Entity({ tableName: 'one_time_tokens' })
export class OneTimeToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  userId: string;

  @Enum({ items: [...ONE_TIME_TOKEN_PURPOSES] })
  purpose: OneTimeTokenPurpose;

  @Unique()
  @Property({ type: 'string', length: 64, hidden: true })
  tokenDigest: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  constructor(userId: string, purpose: OneTimeTokenPurpose, tokenDigest: string, ttlMs: number, now = new Date()) {
    this.userId = userId;
    this.purpose = purpose;
    this.tokenDigest = tokenDigest;
    this.expiresAt = new Date(now.getTime() + ttlMs);
  }

  isUsable(now = new Date()): boolean {
    return this.usedAt === null && this.expiresAt > now;
  }
}
