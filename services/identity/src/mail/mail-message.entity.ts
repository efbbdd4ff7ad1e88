import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A mail to send, written in the same transaction as what caused it (a mail outbox), so an SMTP
 * outage delays mail instead of losing it or failing the sign-up. The body holds a one-time link:
 * it is hidden from serialisation, never logged, and erased once the mail is sent or given up.
 */
@Entity({ tableName: 'mail_messages' })
@Index({
  name: 'mail_messages_due_idx',
  expression:
    'create index "mail_messages_due_idx" on "mail_messages" ("next_attempt_at") where "sent_at" is null and "failed_at" is null',
})
export class MailMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 254 })
  recipient: string;

  @Property({ type: 'string', length: 200 })
  subject: string;

  @Property({ type: 'text', hidden: true })
  text: string;

  @Property({ type: 'text', hidden: true })
  html: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  /** Not sent before this instant (retries back off). */
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  /** Set when the mail is given up after too many attempts. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  failedAt: Date | null = null;

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

  markSent(now = new Date()): void {
    this.sentAt = now;
    this.lastError = null;
    this.eraseBody();
  }

  /** Schedules the next attempt, or gives the mail up when `retryInMs` is null. */
  markFailed(error: string, retryInMs: number | null, now = new Date()): void {
    this.lastError = error.slice(0, 1000);
    if (retryInMs === null) {
      this.failedAt = now;
      this.eraseBody();
    } else {
      this.nextAttemptAt = new Date(now.getTime() + retryInMs);
    }
  }

  private eraseBody(): void {
    this.text = '';
    this.html = '';
  }
}
