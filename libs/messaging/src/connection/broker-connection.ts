import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry, SERVICE_NAME } from '@platform/service-kit';
import { type AmqpConnectionManager, connect } from 'amqp-connection-manager';
import { messagingMetrics } from '../messaging.metrics';
import { MESSAGING_OPTIONS, type MessagingOptions, resolveExchange } from '../messaging.options';
import { settlesBefore } from '../settles-before';
import { type ChannelSetup, SupervisedChannel } from './supervised-channel';

/** How long closing the channels, then the connection, may wait for the broker's answer at shutdown. */
const CLOSE_TIMEOUT_MS = 2_000;

/** Shutdown work that needs the broker (and the database) still open; consumers stop before the relay. */
export type ShutdownStage = 'consumers' | 'relay';

/**
 * One connection per process to RabbitMQ. amqp-connection-manager reconnects on its own after a
 * broker restart; each channel (SupervisedChannel) then reopens and re-runs its setup (exchange,
 * queues, bindings, consumer). The broker's state is reported (readiness details, `dependency_up`),
 * never gated on: while it is away the outbox holds the events and writes go on, so a broker
 * failover must not take every pod out of its Service.
 */
@Injectable()
export class BrokerConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(BrokerConnection.name);
  private connection?: AmqpConnectionManager;
  private readonly channels = new Set<SupervisedChannel>();
  private readonly shutdownWork: Record<ShutdownStage, Array<() => Promise<void>>> = { consumers: [], relay: [] };
  private shuttingDown?: Promise<void>;
  readonly exchange: string;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.exchange = resolveExchange(options);
  }

  onModuleInit(): void {
    // Registered at start-up, so /metrics lists them (at 0) before the first event.
    messagingMetrics();
    this.readiness.register({
      name: 'broker',
      gatesReadiness: false,
      probe: async () => {
        if (!this.isConnected()) throw new Error('not connected to RabbitMQ');
        const down = [...this.channels].filter((channel) => !channel.isOpen()).map((channel) => channel.name);
        if (down.length > 0) throw new Error(`RabbitMQ channel(s) not open: ${down.join(', ')}`);
      },
    });
  }

  isConnected(): boolean {
    return this.connection?.isConnected() ?? false;
  }

  /** The connection, opened on first use (a service that never publishes or consumes never connects). */
  manager(): AmqpConnectionManager {
    if (!this.connection) {
      this.connection = connect([this.options.amqpUrl], {
        heartbeatIntervalInSeconds: 10,
        reconnectTimeInSeconds: 1,
        connectionOptions: {
          // Without it Nagle's algorithm holds a batch's frames back until the broker's delayed ACK,
          // delaying every publisher confirm (docs/decisions/broker-connection-nodelay.md).
          noDelay: true,
          // Shown in the management UI's connection list.
          clientProperties: { connection_name: this.serviceName },
        },
      });
      this.connection.on('connect', () => this.logger.log('connected to RabbitMQ'));
      this.connection.on('disconnect', ({ err }) =>
        this.logger.warn(`disconnected from RabbitMQ: ${err?.message ?? 'closed'}`),
      );
      this.connection.on('connectFailed', ({ err }) =>
        this.logger.warn(`cannot connect to RabbitMQ (retrying): ${err?.message ?? 'unknown error'}`),
      );
    }
    return this.connection;
  }

  /** A confirm channel that reopens (and re-runs `setup`) after every reconnect or channel error. */
  openChannel(name: string, setup: ChannelSetup): SupervisedChannel {
    const channel = new SupervisedChannel(this.manager(), name, setup, this.logger).start();
    this.channels.add(channel);
    return channel;
  }

  /** Work to run at shutdown before the channels and the connection close. */
  onShutdown(stage: ShutdownStage, work: () => Promise<void>): void {
    this.shutdownWork[stage].push(work);
  }

  /**
   * Nest has already closed the consumer transports (their in-flight handlers finished) when this
   * runs; the relay then publishes what is left, and only then do the channels and the connection close.
   */
  onApplicationShutdown(): Promise<void> {
    this.shuttingDown ??= this.shutDown();
    return this.shuttingDown;
  }

  private async shutDown(): Promise<void> {
    // Each stage logged with its time: a shutdown that outlasts the grace period says where it stood.
    const started = Date.now();
    for (const stage of ['consumers', 'relay'] as const) {
      await Promise.allSettled(this.shutdownWork[stage].map((work) => work()));
      this.logger.log(`shutdown: ${stage} stopped after ${Date.now() - started} ms`);
    }
    // A broker that stopped answering never sends close-ok: then the socket is dropped, which the
    // broker treats as a lost connection (unacked deliveries are requeued).
    const deadline = Date.now() + CLOSE_TIMEOUT_MS;
    const channelsClosed = Promise.allSettled([...this.channels].map((channel) => channel.close()));
    const closed =
      (await settlesBefore(channelsClosed, deadline)) && (await settlesBefore(this.connection?.close(), deadline));
    if (!closed) {
      this.logger.warn(
        `shutdown: the broker did not answer the close within ${CLOSE_TIMEOUT_MS} ms; dropping the connection`,
      );
      // Closed first (amqp-connection-manager then does not reconnect), then its socket ended.
      void this.connection?.close().catch(() => undefined);
      this.dropSocket();
    }
    this.logger.log(`shutdown: broker connection closed after ${Date.now() - started} ms`);
  }

  /** amqplib has no API to abandon a connection whose close is unanswered: end its socket. */
  private dropSocket(): void {
    const model = this.connection?.connection as { connection?: { stream?: { destroy(): void } } } | undefined;
    model?.connection?.stream?.destroy();
  }
}
