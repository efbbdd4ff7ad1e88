import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A mail to send, written in the same transaction as what caused it, so an SMTP outage delays
 * mail instead of losing it (or failing the sign-up).
 */
@Entity({ tableName: 'mail_messages' })
@Index({
  name: 'mail_messages_unsent_idx',
  expression: 'create index "mail_messages_unsent_idx" on "mail_messages" ("created_at") where "sent_at" is null',
})
export class MailMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 254 })
  recipient: string;

  @Property({ type: 'string', length: 200 })
  subject: string;

  /** Holds a one-time link: hidden from serialisation, never logged. */
  @Property({ type: 'text', hidden: true })
  text: string;

  @Property({ type: 'text', hidden: true })
  html: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'integer' })
  attempts = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  constructor(recipient: string, subject: string, text: string, html: string) {
    this.recipient = recipient;
    this.subject = subject;
    this.text = text;
    this.html = html;
  }
}
