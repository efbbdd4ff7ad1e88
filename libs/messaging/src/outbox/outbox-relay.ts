import { MikroORM } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import type { ConfirmChannel } from 'amqplib';
import { endSpan, remoteTraceContext, runUntraced, startMessagingSpan, writeTraceHeaders } from '@platform/telemetry';
import type { ClientConfig } from 'pg';
import { BrokerConnection } from '../connection/broker-connection';
import type { SupervisedChannel } from '../connection/supervised-channel';
import { InboxMessage } from '../inbox/inbox-message.entity';
import { messagingMetrics } from '../messaging.metrics';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { settlesBefore, unlessAborted } from '../settles-before';
import { CLAIM_SQL, envelopeOf, occurredAt, type OutboxRow } from './outbox-rows';
import { OutboxListener } from './outbox-listener';
import { OutboxMessage } from './outbox-message.entity';
import { outboxChannel, OutboxNotifySubscriber } from './outbox-notify.subscriber';

const BATCH_SIZE = 100;
/** Passes of one relay at once (each holds a database connection while it waits for confirms). */
const MAX_PASSES = 3;
const BACKLOG_REFRESH_MS = 5_000;
const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** At shutdown, how long a running batch may still wait for its confirms before it is rolled back. */
const SHUTDOWN_CONFIRM_GRACE_MS = 1_000;

/** A batch given up before all its confirms came: rolled back, so its rows are published again later. */
class BatchAbandoned extends Error {
  constructor() {
    super('outbox batch abandoned at shutdown before its confirms arrived');
  }
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

/** The relay's LISTEN connection uses the ORM's own connection settings (host, credentials, TLS). */
function listenerConfig(orm: MikroORM): ClientConfig {
  const { host, port, user, password, database } = orm.em.getConnection().getConnectionOptions() as ClientConfig;
  const driverOptions = orm.config.get('driverOptions') as { connection?: ClientConfig } | undefined;
  return { host, port, user, password, database, ...(driverOptions?.connection ?? {}) };
}

/**
 * Publishes recorded events. A batch is claimed with `FOR UPDATE SKIP LOCKED`, so several relays
 * (replicas, or the app and worker of one service) never publish the same row at once; rows are
 * stamped only after the broker confirmed them, in the same transaction, so a crash anywhere
 * means "publish again" (consumers deduplicate), never "lost". A commit that recorded events wakes
 * this process's relay, or (none here that can publish) the service's other relays by NOTIFY; a
 * slow poll covers a lost wake-up. Every `pass` also refreshes the backlog gauge and, hourly, deletes
 * published outbox rows and old inbox rows past their retention.
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly enabled: boolean;
  private readonly channelName: string;
  private publisher?: SupervisedChannel;
  private listener?: OutboxListener;
  private timer?: NodeJS.Timeout;
  private readonly passes = new Set<Promise<void>>();
  private rerun = false;
  private stopped = false;
  private stopping?: Promise<void>;
  private quiescing?: Promise<void>;
  /** Aborted at shutdown: running passes give up waiting for confirms and roll their batch back. */
  private readonly passesAbort = new AbortController();
  /** The broker did not confirm a batch at shutdown: a last pass would wait for it in vain. */
  private unconfirmedAtShutdown = false;
  private lastBacklogRefresh = 0;
  private lastCleanup = 0;
  private failingSince?: number;
  private lastFailureLog = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly broker: BrokerConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.enabled = options.relay !== false;
    // Named after the service, not the process: a service's app and worker wake each other's relays.
    this.channelName = outboxChannel(options.service);
  }

  /** Every process that records events NOTIFYs, even one that does not relay itself. */
  onModuleInit(): void {
    this.orm.em
      .getEventManager()
      .registerSubscriber(new OutboxNotifySubscriber(this.channelName, () => this.wakeIfPublishing()));
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const exchange = this.broker.exchange;
    this.publisher = this.broker.openChannel('outbox-publisher', async (channel) => {
      await channel.assertExchange(exchange, 'topic', { durable: true });
    });
    // After a (re)connect, publish what was recorded meanwhile.
    this.publisher.on('open', () => this.wake());
    this.listener = new OutboxListener(listenerConfig(this.orm), this.channelName, () => this.wake(), this.logger);
    this.listener.start();
    this.timer = setInterval(() => this.wake(), this.options.relayPollIntervalMs ?? 1_000);
    this.timer.unref();
    this.broker.onShutdown('relay', () => this.stop());
    this.wake();
  }

  /** Wakes this relay if it can publish now (enabled, running, broker channel open); false otherwise. */
  private wakeIfPublishing(): boolean {
    if (!this.enabled || this.stopped || !this.publisher?.isOpen()) return false;
    this.wake();
    return true;
  }

  /** Whether the relay is woken by NOTIFY right now (otherwise only its poll runs). */
  isListening(): boolean {
    return this.listener?.isListening() ?? false;
  }

  /**
   * Publishes whatever is pending; safe to call often. Up to MAX_PASSES passes run at once (they
   * claim disjoint rows with SKIP LOCKED), so an event recorded while a pass waits for its confirms
   * is picked up at once rather than after it; beyond that a call queues one more pass.
   */
  wake(): void {
    if (this.stopped || !this.enabled) return;
    if (this.passes.size >= MAX_PASSES) {
      this.rerun = true;
      return;
    }
    // A pass belongs to no trace (a commit's NOTIFY or the poll woke it); each event's publish
    // continues the trace stored with its row.
    const pass: Promise<void> = runUntraced(() =>
      this.drain(Number.POSITIVE_INFINITY, this.passesAbort.signal, () => this.stopped),
    )
      .then(() => {
        this.failingSince = undefined;
      })
      .catch((error: unknown) => (error instanceof BatchAbandoned ? undefined : this.reportFailure(error)))
      .finally(() => {
        this.passes.delete(pass);
        if (this.rerun && !this.stopped) {
          this.rerun = false;
          this.wake();
        }
      });
    this.passes.add(pass);
  }

  /**
   * Publishes until the outbox is empty, the broker stops confirming, `deadline` (epoch ms) passes,
   * `enough()` says so after a batch, or `signal` aborts (a batch then waiting for confirms is
   * rolled back: BatchAbandoned); resolves with the number of events confirmed.
   */
  async drain(
    deadline = Number.POSITIVE_INFINITY,
    signal: AbortSignal = new AbortController().signal,
    enough: () => boolean = () => false,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const { confirmed, more } = await this.publishBatch(signal);
      total += confirmed;
      if (!more || Date.now() > deadline || signal.aborted || enough()) break;
    }
    if (!signal.aborted) await this.housekeeping();
    return total;
  }

  /**
   * Before Nest closes the database pool (MikroORM's shutdown hook runs before the broker's): no
   * new passes nor batches; a running batch may wait SHUTDOWN_CONFIRM_GRACE_MS for its confirms,
   * then gives up and rolls back, so that no pass holds a pooled connection while the pool
   * closes. Meanwhile commits in this process NOTIFY the service's other relays; `stop` publishes
   * what is left once requests and handlers are done.
   */
  beforeApplicationShutdown(): Promise<void> {
    this.quiescing ??= (async () => {
      this.stopped = true;
      clearInterval(this.timer);
      const running = Promise.allSettled([...this.passes]);
      if (await settlesBefore(running, Date.now() + SHUTDOWN_CONFIRM_GRACE_MS)) return;
      this.passesAbort.abort();
      this.unconfirmedAtShutdown = true;
      if (!(await settlesBefore(running, Date.now() + SHUTDOWN_CONFIRM_GRACE_MS)))
        this.logger.warn('an outbox pass did not end at shutdown: its rows are released with its connection');
    })();
    return this.quiescing;
  }

  /**
   * Stops the relay: no new passes; running ones end (`beforeApplicationShutdown`); then one last
   * pass (bounded by `publishTimeoutMs`) publishes what in-flight requests and handlers recorded.
   * Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.beforeApplicationShutdown();
      // The whole stop within `publishTimeoutMs`, well inside the pod's grace period. Rows a stuck
      // pass claimed are released with its connection: another replica or the next start publishes them.
      const deadline = Date.now() + (this.options.publishTimeoutMs ?? 10_000);
      if (!(await settlesBefore(this.listener?.stop(), deadline)))
        this.logger.warn('outbox listener did not stop in time');
      if (!(await settlesBefore(Promise.allSettled([...this.passes]), deadline))) {
        this.logger.warn('an outbox pass was still running at the shutdown deadline: its rows stay for another relay');
        return;
      }
      if (this.enabled && this.publisher?.isOpen() && !this.unconfirmedAtShutdown) {
        // Nest may have closed the ORM already: it runs the shutdown hooks of global modules in
        // the order it registered them, and in the services MikroOrmCoreModule's (which closes the
        // pool) comes before MessagingModule's. Then the pass reopens the pool for itself.
        const reopened = !(await this.orm.isConnected());
        const lastPass = async (): Promise<number> => {
          if (reopened) await this.orm.connect();
          // A batch still unconfirmed at the deadline rolls back: its rows stay for the next relay.
          return this.drain(deadline, AbortSignal.timeout(Math.max(0, deadline - Date.now())));
        };
        const passed = lastPass()
          .catch((error: unknown) =>
            this.logger.warn(
              error instanceof BatchAbandoned
                ? 'last outbox pass before shutdown: the broker did not confirm in time (rows stay for the next start)'
                : `last outbox pass before shutdown failed (rows stay for the next start): ${reason(error)}`,
            ),
          )
          .finally(() => (reopened ? this.orm.close() : undefined));
        if (!(await settlesBefore(passed, deadline + 1000))) {
          this.logger.warn('last outbox pass before shutdown did not finish in time (rows stay for the next start)');
        }
      }
    })();
    return this.stopping;
  }

  /** A failing pass is retried every poll; while it keeps failing, say so every 30 s, not every second. */
  private reportFailure(error: unknown): void {
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.lastFailureLog < 30_000) return;
    this.lastFailureLog = now;
    const since = Math.round((now - this.failingSince) / 1000);
    this.logger.warn(`outbox relay pass failed (failing for ${since} s), will retry: ${reason(error)}`);
  }

  /**
   * One batch in one transaction: claim up to BATCH_SIZE rows, publish them all pipelined on the
   * confirm channel, await every confirm, then stamp the confirmed rows with one statement. Plain
   * SQL: the ORM's hydration and change sets were most of a batch's CPU.
   */
  private async publishBatch(signal: AbortSignal): Promise<{ confirmed: number; more: boolean }> {
    const channel = this.publisher?.current();
    if (!channel) return { confirmed: 0, more: false };
    return (this.orm.em as SqlEntityManager).getKnex().transaction(async (trx) => {
      const { rows: batch } = await trx.raw<{ rows: OutboxRow[] }>(CLAIM_SQL, [BATCH_SIZE]);
      if (batch.length === 0) return { confirmed: 0, more: false };
      const results = await unlessAborted(Promise.allSettled(batch.map((row) => this.publish(channel, row))), signal);
      // Rolled back: the rows are unclaimed and unstamped, published again (consumers deduplicate).
      if (!results) throw new BatchAbandoned();
      const confirmedIds: string[] = [];
      const failed: { ids: string[]; errors: string[] } = { ids: [], errors: [] };
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') confirmedIds.push(batch[index].id);
        else {
          failed.ids.push(batch[index].id);
          failed.errors.push(reason(result.reason));
        }
      });
      if (confirmedIds.length > 0) {
        await trx('outbox_message').whereIn('id', confirmedIds).update({ published_at: new Date() });
      }
      if (failed.ids.length > 0) {
        for (const [index, id] of failed.ids.entries()) {
          await trx('outbox_message')
            .where({ id })
            .update({ attempts: trx.raw('"attempts" + 1'), last_error: failed.errors[index] });
        }
        this.logger.warn(`${failed.ids.length} of ${batch.length} outbox events not confirmed; will retry`);
      }
      const confirmed = confirmedIds.length;
      return { confirmed, more: batch.length === BATCH_SIZE && confirmed === batch.length };
    });
  }

  /**
   * One event to the exchange, resolved when the broker confirms it (it is then durable on the
   * broker). Its `publish <type>` span continues the trace stored with the row, and the message
   * carries that span's context (traceparent/tracestate headers) to every consumer.
   */
  private publish(channel: ConfirmChannel, message: OutboxRow): Promise<void> {
    const timeoutMs = this.options.publishTimeoutMs ?? 10_000;
    messagingMetrics().published.inc({ type: message.type });
    const stored = { traceparent: message.traceparent ?? undefined, tracestate: message.tracestate ?? undefined };
    const parent = remoteTraceContext(stored);
    const span = startMessagingSpan('publish', message.type, parent, {
      'messaging.destination.name': this.broker.exchange,
      'messaging.rabbitmq.destination.routing_key': message.type,
      'messaging.message.id': message.id,
    });
    const headers: Record<string, unknown> = { 'x-event-version': message.version, ...stored };
    writeTraceHeaders(headers, span, parent);
    return new Promise<void>((resolve, reject) => {
      const fail = (error: unknown): void => {
        const failure = error instanceof Error ? error : new Error(String(error));
        endSpan(span, failure);
        reject(failure);
      };
      const timer = setTimeout(() => fail(new Error(`no publisher confirm within ${timeoutMs} ms`)), timeoutMs);
      try {
        channel.publish(
          this.broker.exchange,
          message.type,
          Buffer.from(JSON.stringify(envelopeOf(message))),
          {
            persistent: true,
            contentType: 'application/json',
            messageId: message.id,
            type: message.type,
            correlationId: message.correlation_id,
            timestamp: Math.floor(occurredAt(message).getTime() / 1000),
            appId: message.source,
            headers,
          },
          (error: unknown) => {
            clearTimeout(timer);
            if (error) fail(error);
            else {
              messagingMetrics().confirmed.inc({ type: message.type });
              endSpan(span);
              resolve();
            }
          },
        );
      } catch (error) {
        clearTimeout(timer);
        fail(error);
      }
    });
  }

  /** What is waiting to be published and since when: the outbox-age alert's input. */
  private async refreshBacklog(): Promise<void> {
    const [row] = await this.orm.em
      .fork()
      .getConnection()
      .execute<
        Array<{ pending: number; oldest: Date | null }>
      >('select count(*)::int as pending, min("occurred_at") as oldest from "outbox_message" where "published_at" is null');
    const { outboxPending, outboxOldestAge } = messagingMetrics();
    outboxPending.set(Number(row?.pending ?? 0));
    outboxOldestAge.set(row?.oldest ? Math.max(0, (Date.now() - new Date(row.oldest).getTime()) / 1000) : 0);
  }

  private async housekeeping(): Promise<void> {
    const now = Date.now();
    if (now - this.lastBacklogRefresh >= BACKLOG_REFRESH_MS) {
      this.lastBacklogRefresh = now;
      await this.refreshBacklog();
    }
    if (now - this.lastCleanup >= CLEANUP_INTERVAL_MS) {
      this.lastCleanup = now;
      const { publishedOutboxDays = 7, inboxDays = 30 } = this.options.retention ?? {};
      const em = this.orm.em.fork();
      const outbox = await em.nativeDelete(OutboxMessage, {
        publishedAt: { $lt: new Date(now - publishedOutboxDays * DAY_MS) },
      });
      const inbox = await em.nativeDelete(InboxMessage, { processedAt: { $lt: new Date(now - inboxDays * DAY_MS) } });
      if (outbox + inbox > 0) this.logger.log(`deleted ${outbox} published outbox row(s) and ${inbox} inbox row(s)`);
    }
  }
}
