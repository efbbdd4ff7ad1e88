import { LockMode, MikroORM } from '@mikro-orm/core';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { BrokerConnection } from '../connection/broker-connection';
import { messagingMetrics } from '../messaging.metrics';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxCommitSubscriber } from './outbox-commit.subscriber';
import { toEnvelope } from './outbox-envelope';

const BATCH_SIZE = 100;
const BACKLOG_REFRESH_MS = 5_000;

/**
 * Publishes recorded events. A batch is claimed with FOR UPDATE SKIP LOCKED, so several relays
 * (replicas) never publish the same row at once; rows are stamped only after the broker confirmed
 * them, in the same transaction, so a crash anywhere means "publish again" (consumers deduplicate),
 * never "lost". Commits in this process wake it at once; a short poll covers other processes.
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private rerun = false;
  private stopped = false;
  private lastBacklogRefresh = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly broker: BrokerConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(new OutboxCommitSubscriber(() => this.wake()));
  }

  onApplicationBootstrap(): void {
    if (this.options.relay === false) return;
    this.broker.publishingChannel();
    this.timer = setInterval(() => this.wake(), this.options.relayPollIntervalMs ?? 250);
    this.timer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes whatever is pending; safe to call often (runs never overlap). */
  wake(): void {
    if (this.stopped || this.options.relay === false) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn(
          `outbox relay pass failed, will retry: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => {
        this.running = undefined;
        if (this.rerun && !this.stopped) {
          this.rerun = false;
          this.wake();
        }
      });
  }

  /** Publishes until the outbox is empty (or the broker stops confirming). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < BATCH_SIZE) break;
    }
    await this.refreshBacklog();
    return total;
  }

  private async publishBatch(): Promise<number> {
    if (!this.broker.isConnected()) return 0;
    const channel = this.broker.publishingChannel();
    return this.orm.em.fork().transactional(async (em) => {
      const batch = await em.find(
        OutboxMessage,
        { publishedAt: null },
        { orderBy: { occurredAt: 'asc', id: 'asc' }, limit: BATCH_SIZE, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      if (batch.length === 0) return 0;
      const results = await Promise.allSettled(
        batch.map(async (message) => {
          messagingMetrics.published.inc({ type: message.type });
          await channel.publish(this.broker.exchange, message.type, Buffer.from(JSON.stringify(toEnvelope(message))), {
            persistent: true,
            contentType: 'application/json',
            messageId: message.id,
            type: message.type,
            correlationId: message.correlationId,
            timestamp: Math.floor(message.occurredAt.getTime() / 1000),
            appId: message.source,
          });
          messagingMetrics.confirmed.inc({ type: message.type });
        }),
      );
      const now = new Date();
      let confirmed = 0;
      results.forEach((result, index) => {
        const message = batch[index];
        if (result.status === 'fulfilled') {
          message.publishedAt = now;
          confirmed++;
        } else {
          message.attempts += 1;
          message.lastError = String(result.reason instanceof Error ? result.reason.message : result.reason).slice(
            0,
            1000,
          );
        }
      });
      return confirmed === batch.length ? confirmed : 0;
    });
  }

  private async refreshBacklog(): Promise<void> {
    if (Date.now() - this.lastBacklogRefresh < BACKLOG_REFRESH_MS) return;
    this.lastBacklogRefresh = Date.now();
    messagingMetrics.outboxBacklog.set(await this.orm.em.fork().count(OutboxMessage, { publishedAt: null }));
  }
}
