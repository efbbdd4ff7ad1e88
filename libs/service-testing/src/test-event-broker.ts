import type { INestApplication } from '@nestjs/common';
import type { EventEnvelope } from '@platform/contracts';
import {
  consumerTopology,
  MESSAGING_OPTIONS,
  type MessagingOptions,
  messagingTopology,
  resolveConsumerOptions,
} from '@platform/messaging';
import { AmqpTestConnection, type PublishEnvelopeOptions, testAmqpUrl, waitFor } from '@platform/testing';

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
    private readonly amqp: AmqpTestConnection,
  ) {}

  static async connect<TEvent extends EventEnvelope = EventEnvelope>(
    exchange: string,
  ): Promise<TestEventBroker<TEvent>> {
    const amqp = await AmqpTestConnection.open(testAmqpUrl());
    try {
      await amqp.assertExchange(exchange);
      return new TestEventBroker<TEvent>(exchange, amqp);
    } catch (error) {
      await amqp.close();
      throw error;
    }
  }

  /** Copies every event whose routing key matches one of `patterns` into `events` (an exclusive queue). */
  async tap(...patterns: string[]): Promise<void> {
    await this.amqp.tap(this.exchange, patterns, (message) => this.events.push(JSON.parse(message.content.toString())));
  }

  /** Waits (bounded) for a captured event that matches. */
  eventMatching(what: string, predicate: (event: TEvent) => boolean, timeoutMs?: number): Promise<TEvent> {
    return waitFor(what, async () => this.events.find(predicate), timeoutMs);
  }

  /** Publishes a full envelope on the exchange, routing key = type, and waits for the broker's confirm; answers its id. */
  publish(type: string, payload: unknown, options: PublishEnvelopeOptions = {}): Promise<string> {
    return this.amqp.publishEnvelope(this.exchange, type, payload, options);
  }

  /** Takes one message off a queue, if there is one. */
  take(queue: string): Promise<EventEnvelope | undefined> {
    return this.amqp.take(queue);
  }

  messageCount(queue: string): Promise<number> {
    return this.amqp.messageCount(queue);
  }

  /** Deletes these queues and the exchange (run after the service stopped, or it declares them again). */
  removeTopology(queues: readonly string[]): Promise<void> {
    return this.amqp.removeTopology(this.exchange, queues);
  }

  close(): Promise<void> {
    return this.amqp.close();
  }
}
