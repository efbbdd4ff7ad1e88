import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { EventEnvelope } from '@platform/contracts';
import {
  consumerTopology,
  MESSAGING_OPTIONS,
  type MessagingOptions,
  messagingTopology,
  resolveConsumerOptions,
} from '@platform/messaging';
import { testAmqpUrl, waitFor } from '@platform/testing';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';

/** What a service declared on the broker for a test: its exchange, consumer queues and DLQ. */
export interface ServiceTopology {
  readonly exchange: string;
  readonly queues: string[];
  /** The consumer's dead-letter queue, if the service consumes. */
  readonly deadLetterQueue?: string;
}

/** The topology `MessagingModule.forRoot` declared in a running service app. */
export function serviceTopology(app: Pick<INestApplication, 'get'>): ServiceTopology {
  const options = app.get<MessagingOptions>(MESSAGING_OPTIONS);
  const consumer = resolveConsumerOptions(options);
  return {
    ...messagingTopology(options),
    deadLetterQueue: consumer
      ? consumerTopology(consumer.queue, consumer.maxAttempts, consumer.retryBaseDelayMs).deadLetterQueue
      : undefined,
  };
}

export interface PublishOptions {
  /** The envelope's (and message's) id; a fresh uuid by default. */
  readonly id?: string;
  /** The envelope's `source`: the service the test stands in for. */
  readonly source?: string;
}

/**
 * A test's own view of the machine's RabbitMQ on one exchange: it captures what a service publishes
 * (`tap`), publishes envelopes as another service's relay would (with publisher confirms), reads
 * queues, and removes the test's exchange and queues at the end.
 */
export class TestEventBroker<TEvent extends EventEnvelope = EventEnvelope> {
  /** Every event captured by `tap`, in arrival order. */
  readonly events: TEvent[] = [];

  private constructor(
    readonly exchange: string,
    private readonly connection: ChannelModel,
    readonly channel: ConfirmChannel,
  ) {}

  static async connect<TEvent extends EventEnvelope = EventEnvelope>(
    exchange: string,
  ): Promise<TestEventBroker<TEvent>> {
    const connection = await connect(testAmqpUrl());
    try {
      const channel = await connection.createConfirmChannel();
      await channel.assertExchange(exchange, 'topic', { durable: true });
      return new TestEventBroker<TEvent>(exchange, connection, channel);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /** Copies every event whose routing key matches one of `patterns` into `events` (an exclusive queue). */
  async tap(...patterns: string[]): Promise<void> {
    const { queue } = await this.channel.assertQueue('', { exclusive: true });
    for (const pattern of patterns) await this.channel.bindQueue(queue, this.exchange, pattern);
    await this.channel.consume(
      queue,
      (message) => message && this.events.push(JSON.parse(message.content.toString())),
      {
        noAck: true,
      },
    );
  }

  /** Waits (bounded) for a captured event that matches. */
  eventMatching(what: string, predicate: (event: TEvent) => boolean, timeoutMs?: number): Promise<TEvent> {
    return waitFor(what, async () => this.events.find(predicate), timeoutMs);
  }

  /** Publishes a full envelope on the exchange, routing key = type, and waits for the broker's confirm; answers its id. */
  async publish(type: string, payload: unknown, options: PublishOptions = {}): Promise<string> {
    const id = options.id ?? randomUUID();
    const envelope: EventEnvelope = {
      id,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: `test-${randomUUID()}`,
      source: options.source ?? 'test',
      payload,
    };
    this.channel.publish(this.exchange, type, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      messageId: id,
      contentType: 'application/json',
    });
    await this.channel.waitForConfirms();
    return id;
  }

  /** Takes one message off a queue, if there is one. */
  async take(queue: string): Promise<EventEnvelope | undefined> {
    const message = await this.channel.get(queue, { noAck: true });
    return message ? JSON.parse(message.content.toString()) : undefined;
  }

  async messageCount(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  /** Deletes these queues and the exchange (run after the service stopped, or it declares them again). */
  async removeTopology(queues: readonly string[]): Promise<void> {
    for (const queue of queues) await this.channel.deleteQueue(queue);
    await this.channel.deleteExchange(this.exchange);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
