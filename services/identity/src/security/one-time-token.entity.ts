import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export type OneTimeTokenPurpose = 'verify-email' | 'reset-password';

/** A single-use, expiring secret sent by e-mail; only its digest is stored. */
@Entity({ tableName: 'one_time_tokens' })
export class OneTimeToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  userId: string;

  @Enum({ items: ['verify-email', 'reset-password'], nativeEnumName: undefined })
  purpose: OneTimeTokenPurpose;

  @Unique()
  @Property({ type: 'string', length: 64, hidden: true })
  tokenDigest: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  constructor(userId: string, purpose: OneTimeTokenPurpose, tokenDigest: string, ttlMs: number) {
    this.userId = userId;
    this.purpose = purpose;
    this.tokenDigest = tokenDigest;
    this.expiresAt = new Date(Date.now() + ttlMs);
  }

  isUsable(now = new Date()): boolean {
    return this.usedAt === null && this.expiresAt > now;
  }
}
