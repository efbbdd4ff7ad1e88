import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** W3C trace context allows 32 list members; longer states are dropped rather than cut mid-member. */
export const MAX_TRACESTATE_LENGTH = 512;

/**
 * An event recorded in the same transaction as the state change it describes (transactional
 * outbox). The relay publishes unsent rows with publisher confirms and stamps `publishedAt`.
 */
@Entity({ tableName: 'outbox_message' })
@Index({
  name: 'outbox_message_unpublished_idx',
  expression:
    'create index "outbox_message_unpublished_idx" on "outbox_message" ("occurred_at") where "published_at" is null',
})
export class OutboxMessage {
  /** Also the message id consumers deduplicate on. */
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 200 })
  type: string;

  @Property({ type: 'integer' })
  version: number;

  @Property({ type: 'json' })
  payload: object;

  @Property({ type: 'string', length: 128 })
  correlationId: string;

  @Property({ type: 'string', length: 64 })
  source: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'integer' })
  attempts = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  /** W3C trace context of the operation that recorded the event: the relay's publish continues its trace. */
  @Property({ type: 'string', length: 55, nullable: true })
  traceparent: string | null = null;

  @Property({ type: 'string', length: MAX_TRACESTATE_LENGTH, nullable: true })
  tracestate: string | null = null;

  constructor(type: string, payload: object, source: string, correlationId: string, version = 1) {
    this.type = type;
    this.payload = payload;
    this.source = source;
    this.correlationId = correlationId;
    this.version = version;
  }
}
