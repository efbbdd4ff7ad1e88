import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The first answer to a keyed request (`Idempotency-Key`), written in the same transaction as the
 * request's own writes, replayed to retries of the same request by the same caller.
 */
@Entity({ tableName: 'idempotency_record' })
export class IdempotencyRecord {
  /** The user's id, or `anonymous` for public routes. */
  @PrimaryKey({ type: 'string', length: 64 })
  caller: string;

  /** Method and path as called (`POST /courses/…/sections`), without the query. */
  @PrimaryKey({ type: 'string', length: 500 })
  route: string;

  @PrimaryKey({ type: 'string', length: 200 })
  key: string;

  /** sha256 of the canonical JSON body: the same key with another body is refused. */
  @Property({ type: 'string', length: 64 })
  requestHash: string;

  @Property({ type: 'integer' })
  status: number;

  /** The answer's JSON text as first sent (text, not jsonb, which would reorder its keys). */
  @Property({ type: 'text', nullable: true })
  body: string | null;

  @Index({ name: 'idempotency_record_created_at_idx' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  constructor(caller: string, route: string, key: string, requestHash: string, status: number, body: string | null) {
    this.caller = caller;
    this.route = route;
    this.key = key;
    this.requestHash = requestHash;
    this.status = status;
    this.body = body;
  }
}
