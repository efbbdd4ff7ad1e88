import { randomUUID } from 'node:crypto';
import { ConnectionException, type EntityManager, MikroORM, type QueryResult } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { HttpException, Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { EventEnvelope } from '@platform/contracts';
import { runWithCorrelationId } from '@platform/service-kit';
import {
  endSpan,
  markActiveSpanFailed,
  remoteTraceContext,
  runInSpan,
  startMessagingSpan,
  writeTraceHeaders,
} from '@platform/telemetry';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { lastValueFrom } from 'rxjs';
import type { BrokerConnection } from '../connection/broker-connection';
import type { SupervisedChannel } from '../connection/supervised-channel';
import { addQueueDepthReader, messagingMetrics } from '../messaging.metrics';
import type { ResolvedConsumerOptions } from '../messaging.options';
import { settlesBefore } from '../settles-before';
import { InvalidEventError, isPermanentFailure, parseEnvelope, parsePayload } from './envelope-validation';
import { EventContext } from './event-context';
import { ATTEMPT_HEADER, FAILED_AT_HEADER, LAST_ERROR_HEADER, ORIGINAL_ROUTING_KEY_HEADER } from './headers';
import { isTopicPattern, topicMatches } from './topic-match';
import { consumerTopology, type ConsumerTopology, nextHop } from './topology';

const CLAIM_INBOX_SQL =
  'insert into "inbox_message" ("message_id", "consumer", "processed_at") values (?, ?, ?) on conflict ("message_id", "consumer") do nothing';

/** Marks our own sends to retry queues and the DLQ, so a broker `basic.return` can be matched to one. */
const SEND_ID_HEADER = 'x-send-id';
/** At shutdown, how long to wait for the broker to confirm that it stopped delivering. */
const CANCEL_TIMEOUT_MS = 2_000;
/** Pause before a message whose failure could not be routed is handed back to the queue. */
const REQUEUE_DELAY_MS = 1_000;

/** What went wrong, for a header and a log line: a validation pipe's messages rather than "Bad Request". */
export function errorText(error: unknown): string {
  let text = error instanceof Error ? error.message : String(error);
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message = typeof response === 'object' ? (response as { message?: unknown }).message : response;
    if (Array.isArray(message)) text = message.map(String).join('; ');
    else if (typeof message === 'string') text = message;
  }
  return text.slice(0, 1000);
}

/** The database, not the message, is the problem: such a failure does not use up an attempt. */
function isInfrastructureFailure(error: unknown): boolean {
  return error instanceof ConnectionException;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Messages the broker returned as unroutable (`mandatory`), per channel, until their confirm arrives. */
const returnedSends = new WeakMap<ConfirmChannel, Set<string>>();

/**
 * The NestJS transport under `@EventPattern` handlers: a durable queue bound to exactly the event
 * types (or topic patterns) this service handles, manual acks after the handler's transaction
 * commits, an inbox row in that same transaction (a redelivery is a no-op), retries with growing
 * delays, and a DLQ for poison and invalid messages. @nestjs/microservices' own RMQ transport
 * acks before the work is durable and has no inbox, retries or DLQ.
 */
export class EventConsumerTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(EventConsumerTransport.name);
  private readonly topology: ConsumerTopology;
  private channel?: SupervisedChannel;
  private depthChannel?: SupervisedChannel;
  private removeDepthReader?: () => void;
  private consumer?: { readonly channel: ConfirmChannel; readonly tag: string };
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private stopped?: Promise<void>;

  constructor(
    private readonly orm: MikroORM,
    private readonly broker: BrokerConnection,
    private readonly options: ResolvedConsumerOptions,
  ) {
    super();
    this.topology = consumerTopology(options.queue, options.maxAttempts, options.retryBaseDelayMs);
    broker.onShutdown('consumers', () => this.stop());
  }

  /** The routing keys (event types or topic patterns) the queue is bound to: one per `@EventPattern`. */
  routingKeys(): string[] {
    return [...this.messageHandlers.keys()];
  }

  /** Declares the topology and starts consuming; calls back once that is done (or failed). */
  listen(callback: (error?: unknown) => void): void {
    const routingKeys = this.routingKeys();
    if (routingKeys.length === 0) {
      this.log.warn(`no @EventPattern handlers: queue ${this.topology.queue} is declared but bound to nothing`);
    }
    this.channel = this.broker.openChannel(`consumer:${this.topology.queue}`, (channel) =>
      this.setUp(channel, routingKeys),
    );
    this.watchQueueDepths();
    this.channel.waitForOpen().then(
      () => {
        this.log.log(`consuming ${this.topology.queue} (${routingKeys.join(', ')})`);
        callback();
      },
      (error: unknown) => {
        void this.channel?.close();
        callback(error);
      },
    );
  }

  /** Stops taking deliveries and waits (up to `shutdownTimeoutMs`) for in-flight handlers. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.removeDepthReader?.();
      const consumer = this.consumer;
      if (consumer) {
        // Bounded: a broker that stopped answering never confirms the cancel (the channel's close then drops it).
        const cancelled = consumer.channel.cancel(consumer.tag).catch(() => {
          // The channel is gone already: nothing more will be delivered on it.
        });
        if (!(await settlesBefore(cancelled, Date.now() + CANCEL_TIMEOUT_MS))) {
          this.log.warn(`the broker did not confirm the cancel of ${this.topology.queue} in time`);
        }
      }
      const deadline = Date.now() + this.options.shutdownTimeoutMs;
      while (this.inFlight.size > 0 && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...this.inFlight]),
          new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now()))),
        ]);
        clearTimeout(timer);
      }
      if (this.inFlight.size > 0) {
        this.log.warn(`${this.inFlight.size} handler(s) still running at shutdown: their messages will be redelivered`);
      }
    })();
    return this.stopped;
  }

  async close(): Promise<void> {
    await this.stop();
    await Promise.all([this.channel?.close(), this.depthChannel?.close()]);
  }

  /**
   * The queue's and its DLQ's message counts (consumer lag, parked messages) for /metrics, asked
   * of the broker at each scrape on a channel of their own: a passive declare of a queue deleted
   * under us closes its channel, which must not be the one delivering messages.
   */
  private watchQueueDepths(): void {
    const { queue, deadLetterQueue } = this.topology;
    this.depthChannel = this.broker.openChannel(`queue-depth:${queue}`, async () => undefined);
    this.removeDepthReader = addQueueDepthReader(async () => {
      const channel = this.depthChannel?.current();
      if (!channel) return;
      const { queueMessages, deadLetterMessages } = messagingMetrics();
      queueMessages.set({ queue }, (await channel.checkQueue(queue)).messageCount);
      deadLetterMessages.set({ queue }, (await channel.checkQueue(deadLetterQueue)).messageCount);
    });
  }

  on(): never {
    throw new Error('EventConsumerTransport emits no events');
  }

  unwrap<T>(): T {
    return this.channel?.current() as T;
  }

  private async setUp(channel: ConfirmChannel, routingKeys: readonly string[]): Promise<void> {
    const { queue, deadLetterQueue, retryQueues } = this.topology;
    const { exchange } = this.options;
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(deadLetterQueue, { durable: true });
    for (const retry of retryQueues) {
      // Expired retries return to the main queue through the default exchange.
      await channel.assertQueue(retry.name, {
        durable: true,
        arguments: { 'x-message-ttl': retry.delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue },
      });
    }
    await channel.assertQueue(queue, { durable: true });
    for (const key of routingKeys) await channel.bindQueue(queue, exchange, key);
    const returned = new Set<string>();
    returnedSends.set(channel, returned);
    channel.on('return', (message: ConsumeMessage) => {
      const sendId = message.properties.headers?.[SEND_ID_HEADER];
      if (sendId) returned.add(String(sendId));
    });
    await channel.prefetch(this.options.prefetch);
    if (this.stopping) return;
    const { consumerTag } = await channel.consume(
      queue,
      (message) => {
        if (message) this.track(this.handle(channel, message));
        else this.onCancelledByBroker(channel);
      },
      { noAck: false },
    );
    this.consumer = { channel, tag: consumerTag };
  }

  /** The queue was deleted under us: closing the channel makes it reopen, re-declare and re-consume. */
  private onCancelledByBroker(channel: ConfirmChannel): void {
    if (this.stopping) return;
    this.log.error(`the broker cancelled consumption of ${this.topology.queue}; re-declaring it`);
    void channel.close().catch(() => undefined);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private handlerFor(type: string): MessageHandler | undefined {
    const exact = this.messageHandlers.get(type);
    if (exact) return exact;
    for (const [pattern, handler] of this.messageHandlers) {
      if (isTopicPattern(pattern) && topicMatches(pattern, type)) return handler;
    }
    return undefined;
  }

  /**
   * One delivery as a `process <type>` span, a child of the publish (or of the failed attempt that
   * sent it to a retry queue) named by the message's trace headers: the handler's queries and the
   * events it records belong to the publisher's trace.
   */
  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const attempt = Math.max(1, Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1) || 1);
    const parent = remoteTraceContext(message.properties.headers);
    const span = startMessagingSpan('process', String(message.properties.type ?? message.fields.routingKey), parent, {
      'messaging.destination.name': this.topology.queue,
      'messaging.message.id': String(message.properties.messageId ?? ''),
      'messaging.rabbitmq.destination.routing_key': message.fields.routingKey,
      'messaging.message.delivery_attempt': attempt,
    });
    try {
      await runInSpan(parent, span, () => this.process(channel, message, attempt));
    } finally {
      endSpan(span);
    }
  }

  private async process(channel: ConfirmChannel, message: ConsumeMessage, attempt: number): Promise<void> {
    let envelope: EventEnvelope;
    try {
      envelope = parseEnvelope(message.content);
    } catch (error) {
      return this.routeFailure(channel, message, undefined, attempt, error);
    }
    // Logs of the handler, and events it records, carry the correlation id of the event.
    return runWithCorrelationId(envelope.correlationId, async () => {
      try {
        const handler = this.handlerFor(envelope.type);
        if (!handler) throw new InvalidEventError(`no handler for ${envelope.type} in ${this.topology.queue}`);
        const checked = { ...envelope, payload: parsePayload(envelope) };
        const outcome = await this.orm.em.fork().transactional(async (em) => {
          if (!(await this.claim(em, checked.id))) return 'duplicate' as const;
          const result = await handler(checked.payload, new EventContext(checked, em, attempt));
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
          return 'applied' as const;
        });
        // Committed: from here on a lost ack only means a redelivery, which the inbox turns into a no-op.
        this.ack(channel, message);
        messagingMetrics().consumed.inc({ type: envelope.type, outcome });
        if (outcome === 'applied') {
          messagingMetrics().endToEndSeconds.observe(
            { type: envelope.type, queue: this.topology.queue },
            Math.max(0, Date.now() - Date.parse(envelope.occurredAt)) / 1000,
          );
        } else {
          this.log.log(`${envelope.type} ${envelope.id} was applied before: acknowledged without running the handler`);
        }
      } catch (error) {
        await this.routeFailure(channel, message, envelope, attempt, error);
      }
    });
  }

  /**
   * Inserts the inbox row (message id + this queue) in the handler's transaction; false if it is
   * there already (`ON CONFLICT DO NOTHING` waits for a concurrent delivery of the same message to
   * commit or roll back, so two copies can never both run to commit).
   */
  private async claim(em: EntityManager, messageId: string): Promise<boolean> {
    // Plain SQL: building it with the query builder on every message was a visible share of the consumer's CPU.
    const result = await (em as SqlEntityManager)
      .getConnection('write')
      .execute<QueryResult>(
        CLAIM_INBOX_SQL,
        [messageId, this.topology.queue, new Date()],
        'run',
        em.getTransactionContext(),
      );
    return (result.affectedRows ?? 0) > 0;
  }

  /**
   * After a failure: to the next retry queue, or to the DLQ after the last attempt or for a message
   * that can never succeed. The copy is confirmed by the broker before the original is acked, so a
   * crash in between duplicates (the inbox absorbs it), never loses.
   */
  private async routeFailure(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    envelope: EventEnvelope | undefined,
    attempt: number,
    error: unknown,
  ): Promise<void> {
    const type = envelope?.type ?? message.fields.routingKey;
    const id = envelope?.id ?? String(message.properties.messageId ?? '?');
    markActiveSpanFailed(error);
    const infrastructure = isInfrastructureFailure(error);
    let hop = isPermanentFailure(error)
      ? { kind: 'dead-letter' as const, queue: this.topology.deadLetterQueue }
      : nextHop(this.topology, attempt);
    let nextAttempt = attempt + 1;
    if (infrastructure) {
      // Not the message's fault (the database is unreachable): wait the longest delay, same attempt.
      const longest = this.topology.retryQueues.at(-1);
      if (!longest) return this.requeueLater(channel, message, `${type} ${id}: ${errorText(error)}`);
      hop = { kind: 'retry', queue: longest.name };
      nextAttempt = attempt;
    }
    const headers = {
      ...message.properties.headers,
      [ATTEMPT_HEADER]: nextAttempt,
      [LAST_ERROR_HEADER]: errorText(error),
      [ORIGINAL_ROUTING_KEY_HEADER]:
        message.properties.headers?.[ORIGINAL_ROUTING_KEY_HEADER] ?? message.fields.routingKey,
      [FAILED_AT_HEADER]: new Date().toISOString(),
    };
    // The next attempt's span becomes a child of this failed one: one trace across redeliveries.
    writeTraceHeaders(headers);
    try {
      await this.sendConfirmed(channel, hop.queue, message, headers);
    } catch (sendError) {
      return this.requeueLater(
        channel,
        message,
        `could not move ${type} ${id} to ${hop.queue}: ${errorText(sendError)}`,
      );
    }
    this.ack(channel, message);
    if (hop.kind === 'retry') {
      messagingMetrics().retried.inc({ type });
      this.log.warn(`${type} ${id} failed on attempt ${attempt}, retrying via ${hop.queue}: ${errorText(error)}`);
    } else {
      messagingMetrics().deadLettered.inc({ type });
      this.log.error(`${type} ${id} dead-lettered to ${hop.queue} after attempt ${attempt}: ${errorText(error)}`);
    }
  }

  private sendConfirmed(
    channel: ConfirmChannel,
    queue: string,
    message: ConsumeMessage,
    headers: Record<string, unknown>,
  ): Promise<void> {
    const sendId = randomUUID();
    const { properties } = message;
    const options: Options.Publish = {
      contentType: properties.contentType ?? 'application/json',
      contentEncoding: properties.contentEncoding,
      messageId: properties.messageId,
      correlationId: properties.correlationId,
      timestamp: properties.timestamp,
      type: properties.type,
      appId: properties.appId,
      headers: { ...headers, [SEND_ID_HEADER]: sendId },
      persistent: true,
      // An unroutable copy (its queue deleted) comes back instead of vanishing: the original then stays.
      mandatory: true,
    };
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no publisher confirm within 10 s')), 10_000);
      try {
        channel.sendToQueue(queue, message.content, options, (error: unknown) => {
          clearTimeout(timer);
          const returned = returnedSends.get(channel)?.delete(sendId) ?? false;
          if (error) reject(error instanceof Error ? error : new Error(String(error)));
          else if (returned) reject(new Error(`queue ${queue} does not exist`));
          else resolve();
        });
      } catch (error) {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Hands the message back to the queue after a pause (a tight redelivery loop would help nobody). */
  private async requeueLater(channel: ConfirmChannel, message: ConsumeMessage, why: string): Promise<void> {
    this.log.warn(`${why}; returning it to ${this.topology.queue}`);
    await delay(REQUEUE_DELAY_MS);
    try {
      channel.nack(message, false, true);
    } catch {
      // The channel is closed: the broker requeues the message by itself.
    }
  }

  private ack(channel: ConfirmChannel, message: ConsumeMessage): void {
    try {
      channel.ack(message);
    } catch (error) {
      // The channel that delivered it is closed: the broker redelivers, and the inbox makes that a no-op.
      this.log.warn(
        `ack of ${String(message.properties.messageId ?? '?')} lost (${errorText(error)}): it will be redelivered`,
      );
    }
  }
}
