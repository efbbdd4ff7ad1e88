import { EntityManager, LockMode, MikroORM, RequestContext } from '@mikro-orm/core';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { IdentityConfig } from '../config/identity.config';
import { MailMessage } from './mail-message.entity';
import type { MailContent } from './mail-templates';

const BATCH_SIZE = 20;

/**
 * Queues mail in the caller's transaction and sends it after commit. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several replicas never send the same mail twice; failures stay
 * queued and are retried on the next pass.
 */
@Injectable()
export class MailService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private rerun = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly config: IdentityConfig,
  ) {
    this.transport = createTransport(config.SMTP_URL);
  }

  queue(em: EntityManager, recipient: string, content: MailContent): void {
    em.persist(new MailMessage(recipient, content.subject, content.text, content.html));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sendPending(), this.config.MAIL_RETRY_INTERVAL_MS);
    this.timer.unref();
    this.sendPending();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    this.transport.close();
  }

  /** Sends what is queued; called after each commit that queued mail, and periodically for retries. */
  sendPending(): void {
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

  private async sendBatches(): Promise<void> {
    let sent: number;
    do {
      sent = await RequestContext.create(this.orm.em, () => this.sendBatch());
    } while (sent === BATCH_SIZE);
  }

  private async sendBatch(): Promise<number> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const batch = await tx.find(
        MailMessage,
        { sentAt: null },
        { orderBy: { createdAt: 'asc' }, limit: BATCH_SIZE, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      let delivered = 0;
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
          mail.sentAt = new Date();
          mail.lastError = null;
          delivered++;
        } catch (error) {
          mail.lastError = error instanceof Error ? error.message : String(error);
          this.logger.warn(`mail ${mail.id} not sent (attempt ${mail.attempts}): ${mail.lastError}`);
          break;
        }
      }
      return delivered === batch.length ? batch.length : 0;
    });
  }
}
