import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One rate-limit window of one tracker (address or e-mail) for one kind of route, shared by every
 * replica. The key is the throttler's hash, never the address or e-mail itself.
 */
@Entity({ tableName: 'rate_limit_counters' })
export class RateLimitCounter {
  @PrimaryKey({ type: 'text' })
  key: string;

  @Property({ type: 'integer' })
  hits: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', index: true })
  expiresAt: Date;

  constructor(key: string, hits: number, expiresAt: Date) {
    this.key = key;
    this.hits = hits;
    this.expiresAt = expiresAt;
  }
}
