import { type EntityManager, LockMode, MikroORM } from '@mikro-orm/postgresql';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { IdentityConfig } from '../config/identity.config';
import { isServerUnavailable, retryDelayMs, smtpTransportOptions } from './mail-delivery';
import { MailMessage } from './mail-message.entity';
import type { MailContent } from './mail-templates';

const BATCH_SIZE = 20;

/**
 * The mail outbox: `queue()` writes a mail in the caller's transaction, and a sender delivers due
 * mail after each commit (`sendPending()`) and on a timer. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so replicas never send one mail twice; a failed mail is retried with
 * doubling delays and given up after MAIL_MAX_ATTEMPTS, without holding up the mails behind it.
 */
@Injectable()
export class MailService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private rerun = false;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly config: IdentityConfig,
  ) {
    this.transport = createTransport(smtpTransportOptions(config.SMTP_URL));
  }

  /** Records a mail in the caller's transaction; call `sendPending()` after it commits. */
  queue(em: EntityManager, recipient: string, content: MailContent): void {
    em.persist(new MailMessage(recipient, content.subject, content.text, content.html));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sendPending(), this.config.MAIL_RETRY_INTERVAL_MS);
    this.timer.unref();
    this.sendPending();
  }

  /** Stops before the ORM closes, letting a pass in flight finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.transport.close();
  }

  /** Sends what is due, in the background; a call during a pass makes it run once more. */
  sendPending(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.sendBatches()
      .catch((error: unknown) =>
        this.logger.warn(`mail pass failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.running = undefined;
        if (this.rerun) {
          this.rerun = false;
          this.sendPending();
        }
      });
  }

  /** Resolves when no pass is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async sendBatches(): Promise<void> {
    let result: { claimed: number; serverDown: boolean };
    do {
      result = await this.sendBatch();
    } while (result.claimed === BATCH_SIZE && !result.serverDown && !this.stopped);
  }

  private async sendBatch(): Promise<{ claimed: number; serverDown: boolean }> {
    return this.orm.em.fork().transactional(async (tx) => {
      const batch = await tx.find(
        MailMessage,
        { sentAt: null, failedAt: null, nextAttemptAt: { $lte: new Date() } },
        { orderBy: { nextAttemptAt: 'asc' }, limit: BATCH_SIZE, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      for (const mail of batch) {
        mail.attempts += 1;
        try {
          await this.transport.sendMail({
            from: this.config.MAIL_FROM,
            to: mail.recipient,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
          });
          mail.markSent();
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const delay = retryDelayMs(mail.attempts, this.config.MAIL_RETRY_INTERVAL_MS, this.config.MAIL_MAX_ATTEMPTS);
          mail.markFailed(message, delay);
          // The id only: the body holds a one-time link, the recipient is personal data.
          this.logger.warn(
            `mail ${mail.id} not sent (attempt ${mail.attempts}): ${message}; ${delay === null ? 'given up' : `retry in ${delay} ms`}`,
          );
          if (isServerUnavailable(error)) return { claimed: batch.length, serverDown: true };
        }
      }
      return { claimed: batch.length, serverDown: false };
    });
  }
}
