import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A message a consumer has applied: inserted in the handler's transaction, so a redelivery is a no-op. */
@Entity({ tableName: 'inbox_message' })
export class InboxMessage {
  @PrimaryKey({ type: 'uuid' })
  messageId: string;

  @PrimaryKey({ type: 'string', length: 200 })
  consumer: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  processedAt: Date = new Date();

  constructor(messageId: string, consumer: string) {
    this.messageId = messageId;
    this.consumer = consumer;
  }
}
