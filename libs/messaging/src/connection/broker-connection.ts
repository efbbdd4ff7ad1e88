import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@platform/service-kit';
import { type AmqpConnectionManager, type ChannelWrapper, connect } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { MESSAGING_OPTIONS, type MessagingOptions, resolveExchange } from '../messaging.options';

/**
 * One connection per process to RabbitMQ. amqp-connection-manager reconnects on its own after a
 * broker restart and re-runs each channel's setup (exchange, queues, consumers); readiness reports
 * whether it is connected right now.
 */
@Injectable()
export class BrokerConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(BrokerConnection.name);
  private connection?: AmqpConnectionManager;
  private publisher?: ChannelWrapper;
  readonly exchange: string;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.exchange = resolveExchange(options);
  }

  onModuleInit(): void {
    this.readiness.register({
      name: 'broker',
      probe: async () => {
        if (!this.isConnected()) throw new Error('not connected to RabbitMQ');
      },
    });
  }

  isConnected(): boolean {
    return this.connection?.isConnected() ?? false;
  }

  /** The connection, opened on first use (so a service that never publishes or consumes never connects). */
  manager(): AmqpConnectionManager {
    if (!this.connection) {
      this.connection = connect([this.options.amqpUrl], { heartbeatIntervalInSeconds: 10, reconnectTimeInSeconds: 1 });
      this.connection.on('connect', () => this.logger.log('connected to RabbitMQ'));
      this.connection.on('disconnect', ({ err }) =>
        this.logger.warn(`disconnected from RabbitMQ: ${err?.message ?? 'closed'}`),
      );
    }
    return this.connection;
  }

  /** A confirm channel: `publish` resolves only once the broker has taken responsibility for the message. */
  publishingChannel(): ChannelWrapper {
    if (!this.publisher) {
      this.publisher = this.manager().createChannel({
        name: 'publisher',
        confirm: true,
        publishTimeout: this.options.publishTimeoutMs ?? 10_000,
        setup: (channel: ConfirmChannel) => channel.assertExchange(this.exchange, 'topic', { durable: true }),
      });
    }
    return this.publisher;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }
}
