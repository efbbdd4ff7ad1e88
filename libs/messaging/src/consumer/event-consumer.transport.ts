import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/core';
import { HttpException, Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { EventEnvelope } from '@platform/contracts';
import { runWithCorrelationId } from '@platform/service-kit';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { lastValueFrom } from 'rxjs';
import type { BrokerConnection } from '../connection/broker-connection';
import { InboxMessage } from '../inbox/inbox-message.entity';
import { messagingMetrics } from '../messaging.metrics';
import type { ResolvedConsumerOptions } from '../messaging.options';
import { InvalidEventError, isPermanentFailure, parseEnvelope } from './envelope-validation';
import { ATTEMPT_HEADER, FAILED_AT_HEADER, LAST_ERROR_HEADER, ORIGINAL_ROUTING_KEY_HEADER } from './headers';
import { EventContext } from './event-context';
import { consumerTopology, type ConsumerTopology, nextHop } from './topology';


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

/**
 * The NestJS transport under `@EventPattern` handlers: a durable queue bound to exactly the event
 * types this service handles, manual acks after the handler's transaction commits, an inbox row in
 * that same transaction (a redelivery is a no-op), retries with growing delays, and a DLQ for
 * poison messages. @nestjs/microservices' own RMQ transport auto-acks and has no retries or DLQ.
 */
export class EventConsumerTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(EventConsumerTransport.name);
  private readonly topology: ConsumerTopology;
  private channel?: ChannelWrapper;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly orm: MikroORM,
    private readonly broker: BrokerConnection,
    private readonly options: ResolvedConsumerOptions,
  ) {
    super();
    this.topology = consumerTopology(options.queue, options.maxAttempts, options.retryBaseDelayMs);
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    const eventTypes = [...this.messageHandlers.keys()];
    const { queue, deadLetterQueue, retryQueues } = this.topology;
    this.channel = this.broker.manager().createChannel({
      name: `consumer:${queue}`,
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        await channel.assertExchange(this.options.exchange, 'topic', { durable: true });
        await channel.assertQueue(deadLetterQueue, { durable: true });
        for (const retry of retryQueues) {
          // Expired retries return to the main queue through the default exchange.
          await channel.assertQueue(retry.name, {
            durable: true,
            arguments: {
              'x-message-ttl': retry.delayMs,
              'x-dead-letter-exchange': '',
              'x-dead-letter-routing-key': queue,
            },
          });
        }
        await channel.assertQueue(queue, { durable: true });
        for (const type of eventTypes) await channel.bindQueue(queue, this.options.exchange, type);
        await channel.prefetch(this.options.prefetch);
        await channel.consume(queue, (message) => message && this.track(this.handle(message)), { noAck: false });
      },
    });
    this.channel.waitForConnect().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.channel?.close().catch(() => undefined);
  }

  on(): never {
    throw new Error('EventConsumerTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.channel as T;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handle(message: ConsumeMessage): Promise<void> {
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1);
    let envelope: EventEnvelope | undefined;
    try {
      envelope = parseEnvelope(message.content);
      const handler = this.messageHandlers.get(envelope.type);
      if (!handler) throw new InvalidEventError(`no handler for ${envelope.type} in ${this.topology.queue}`);
      const current = envelope;
      const outcome = await runWithCorrelationId(current.correlationId, () =>
        this.orm.em.fork().transactional(async (em) => {
          try {
            em.persist(new InboxMessage(current.id, this.topology.queue));
            await em.flush();
          } catch (error) {
            if (error instanceof UniqueConstraintViolationException) return 'duplicate' as const;
            throw error;
          }
          const result = await handler(current.payload, new EventContext(current, em, attempt));
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
          return 'applied' as const;
        }),
      );
      messagingMetrics.consumed.inc({ type: current.type, outcome });
      messagingMetrics.handlingSeconds.observe(
        { type: current.type },
        Math.max(0, Date.now() - Date.parse(current.occurredAt)) / 1000,
      );
      this.ack(message);
    } catch (error) {
      await this.handleFailure(message, envelope, attempt, error);
    }
  }

  private async handleFailure(
    message: ConsumeMessage,
    envelope: EventEnvelope | undefined,
    attempt: number,
    error: unknown,
  ): Promise<void> {
    const type = envelope?.type ?? 'unknown';
    const hop =
      isPermanentFailure(error)
        ? { kind: 'dead-letter' as const, queue: this.topology.deadLetterQueue }
        : nextHop(this.topology, attempt);
    const headers = {
      ...message.properties.headers,
      [ATTEMPT_HEADER]: attempt + 1,
      [LAST_ERROR_HEADER]: errorText(error),
      [ORIGINAL_ROUTING_KEY_HEADER]: message.properties.headers?.[ORIGINAL_ROUTING_KEY_HEADER] ?? message.fields.routingKey,
      [FAILED_AT_HEADER]: new Date().toISOString(),
    };
    try {
      // Confirmed before the original is acked: a crash in between duplicates, never loses.
      await this.channel!.sendToQueue(hop.queue, message.content, { ...message.properties, headers, persistent: true });
      this.ack(message);
      if (hop.kind === 'retry') {
        messagingMetrics.retried.inc({ type });
        this.log.warn(`${type} ${envelope?.id ?? ''} failed (attempt ${attempt}), retrying: ${errorText(error)}`);
      } else {
        messagingMetrics.deadLettered.inc({ type });
        this.log.error(`${type} ${envelope?.id ?? ''} dead-lettered to ${hop.queue}: ${errorText(error)}`);
      }
    } catch (publishError) {
      // The broker is unreachable: leave the message unacked; it is redelivered after reconnect.
      this.log.warn(`could not route failed ${type}: ${errorText(publishError)}`);
    }
  }

  private ack(message: ConsumeMessage): void {
    try {
      this.channel?.ack(message);
    } catch (error) {
      this.log.warn(`ack failed (the message will be redelivered and deduplicated): ${errorText(error)}`);
    }
  }
}
