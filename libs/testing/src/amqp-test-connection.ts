import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@platform/contracts';
import { type ChannelModel, type ConfirmChannel, connect, type ConsumeMessage, type Options } from 'amqplib';

export interface PublishEnvelopeOptions {
  /** The envelope's (and message's) id; a fresh uuid by default. */
  readonly id?: string;
  /** The envelope's `source`: the service the test stands in for. */
  readonly source?: string;
}

/**
 * A test's own raw AMQP connection to the machine's RabbitMQ (one confirm channel): it taps what is
 * published on an exchange, publishes as another service's relay would, reads queues, and removes
 * the test's exchange and queues at the end.
 */
export class AmqpTestConnection {
  private constructor(
    private readonly connection: ChannelModel,
    readonly channel: ConfirmChannel,
  ) {}

  static async open(amqpUrl: string): Promise<AmqpTestConnection> {
    const connection = await connect(amqpUrl);
    try {
      return new AmqpTestConnection(connection, await connection.createConfirmChannel());
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /** Opens a connection for `work` alone and closes it after. */
  static async use<T>(amqpUrl: string, work: (amqp: AmqpTestConnection) => Promise<T>): Promise<T> {
    const amqp = await AmqpTestConnection.open(amqpUrl);
    try {
      return await work(amqp);
    } finally {
      await amqp.close();
    }
  }

  /** Declares the test's topic exchange, as the services declare theirs. */
  async assertExchange(exchange: string): Promise<void> {
    await this.channel.assertExchange(exchange, 'topic', { durable: true });
  }

  /** Hands every message routed to one of `patterns` to `onMessage`; answers the tap's (exclusive) queue. */
  async tap(exchange: string, patterns: string[], onMessage: (message: ConsumeMessage) => void): Promise<string> {
    const { queue } = await this.channel.assertQueue('', { exclusive: true });
    for (const pattern of patterns) await this.channel.bindQueue(queue, exchange, pattern);
    await this.channel.consume(queue, (message) => message && onMessage(message), { noAck: true });
    return queue;
  }

  /** Publishes and waits for the broker's confirm. */
  async publish(exchange: string, routingKey: string, body: string | Buffer, options: Options.Publish): Promise<void> {
    this.channel.publish(exchange, routingKey, Buffer.from(body), options);
    await this.channel.waitForConfirms();
  }

  /** Publishes a full envelope, routing key = type, as a service's relay does; answers its id. */
  async publishEnvelope(
    exchange: string,
    type: string,
    payload: unknown,
    options: PublishEnvelopeOptions = {},
  ): Promise<string> {
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
    await this.publish(exchange, type, JSON.stringify(envelope), {
      persistent: true,
      messageId: id,
      contentType: 'application/json',
    });
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

  /** Deletes these queues and the exchange; ones that do not exist are no error. */
  async removeTopology(exchange: string, queues: readonly string[]): Promise<void> {
    for (const queue of queues) await this.channel.deleteQueue(queue);
    await this.channel.deleteExchange(exchange);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
