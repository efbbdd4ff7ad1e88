import { MikroORM } from '@mikro-orm/postgresql';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RefreshToken } from '../sessions/refresh-token.entity';
import { IdentityConfig } from '../config/identity.config';
import { MailMessage } from '../mail/mail-message.entity';
import { OneTimeToken } from '../security/one-time-token.entity';
import { RateLimitCounter } from '../security/rate-limit-counter.entity';
import { retentionCutoffs } from './retention';

const PURGE_INTERVAL_MS = 3_600_000;

export interface PurgeResult {
  refreshTokens: number;
  oneTimeTokens: number;
  mails: number;
  rateLimitCounters: number;
}

/**
 * Deletes rows that can no longer do anything (every refresh adds one), hourly and once at start.
 * Idempotent, so replicas may all run it.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HousekeepingService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly orm: MikroORM,
    private readonly config: IdentityConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.purgeInBackground(), PURGE_INTERVAL_MS);
    this.timer.unref();
    this.purgeInBackground();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async purge(now = new Date()): Promise<PurgeResult> {
    const cutoffs = retentionCutoffs(this.config.REFRESH_TOKEN_TTL_DAYS, now);
    const em = this.orm.em.fork();
    const refreshTokens = await em.nativeDelete(RefreshToken, {
      expiresAt: { $lt: cutoffs.refreshTokensExpiredBefore },
    });
    const oneTimeTokens = await em.nativeDelete(OneTimeToken, {
      expiresAt: { $lt: cutoffs.oneTimeTokensExpiredBefore },
    });
    const mails = await em.nativeDelete(MailMessage, {
      $or: [{ sentAt: { $lt: cutoffs.mailsFinishedBefore } }, { failedAt: { $lt: cutoffs.mailsFinishedBefore } }],
    });
    const rateLimitCounters = await em.nativeDelete(RateLimitCounter, { expiresAt: { $lt: now } });
    return { refreshTokens, oneTimeTokens, mails, rateLimitCounters };
  }

  private purgeInBackground(): void {
    if (this.running) return;
    this.running = this.purge()
      .then((result) => {
        const total = result.refreshTokens + result.oneTimeTokens + result.mails + result.rateLimitCounters;
        if (total > 0) this.logger.log(`purged ${JSON.stringify(result)}`);
      })
      .catch((error: unknown) =>
        this.logger.warn(`purge failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (this.running = undefined));
  }
}
