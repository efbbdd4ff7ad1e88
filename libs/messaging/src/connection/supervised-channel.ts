import { EventEmitter } from 'node:events';
import type { Logger } from '@nestjs/common';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';

/** Runs on every new channel before it is handed out: declare topology, start consuming... */
export type ChannelSetup = (channel: ConfirmChannel) => Promise<void>;

const REOPEN_DELAY_MS = 1_000;
const FAILED_SETUP_RETRY_MS = 5_000;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A channel-level refusal by the broker (AMQP reply code such as 404 NOT_FOUND, 406 PRECONDITION_FAILED). */
function isBrokerRefusal(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === 'number';
}

/**
 * A confirm channel that is always reopened: after each (re)connect of the connection, and after
 * the broker closes the channel alone (a channel-level error such as a missing exchange), which
 * amqp-connection-manager's ChannelWrapper would leave dead until the next reconnect. Work on a
 * message is tied to the channel that delivered it (`current()` at that time): acks never go to a
 * newer channel whose delivery tags mean something else.
 *
 * Events: 'open' (channel) after a successful setup, 'setup-error' (error) when the broker refuses it.
 */
export class SupervisedChannel extends EventEmitter {
  private channel?: ConfirmChannel;
  private opening = false;
  private closed = false;
  private retryTimer?: NodeJS.Timeout;
  private readonly onConnect = (): void => void this.open();

  constructor(
    private readonly manager: AmqpConnectionManager,
    readonly name: string,
    private readonly setup: ChannelSetup,
    private readonly logger: Logger,
  ) {
    super();
    // 'setup-error' has a listener at all times, so emitting it never throws.
    this.on('setup-error', () => undefined);
  }

  start(): this {
    this.manager.on('connect', this.onConnect);
    void this.open();
    return this;
  }

  /** The open, set-up channel, if there is one right now. */
  current(): ConfirmChannel | undefined {
    return this.channel;
  }

  isOpen(): boolean {
    return this.channel !== undefined;
  }

  /** Resolves on the next successful setup (at once if open); rejects if the broker refuses the setup. */
  waitForOpen(): Promise<ConfirmChannel> {
    if (this.channel) return Promise.resolve(this.channel);
    return new Promise((resolve, reject) => {
      const opened = (channel: ConfirmChannel): void => {
        this.off('setup-error', failed);
        resolve(channel);
      };
      const failed = (error: unknown): void => {
        this.off('open', opened);
        reject(error);
      };
      this.once('open', opened);
      this.once('setup-error', failed);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.manager.off('connect', this.onConnect);
    const channel = this.channel;
    this.channel = undefined;
    await channel?.close().catch(() => undefined);
  }

  private async open(): Promise<void> {
    const connection = this.manager.connection;
    if (this.closed || this.opening || this.channel || !connection) return;
    this.opening = true;
    let channel: ConfirmChannel | undefined;
    try {
      channel = await connection.createConfirmChannel();
      const opened = channel;
      // A channel-level error closes the channel: log it; 'close' then reopens it.
      opened.on('error', (error: unknown) => this.logger.warn(`channel ${this.name}: ${reason(error)}`));
      opened.on('close', () => this.onClose(opened));
      await this.setup(opened);
      if (this.closed) {
        await opened.close().catch(() => undefined);
        return;
      }
      this.channel = opened;
      this.emit('open', opened);
    } catch (error) {
      await channel?.close().catch(() => undefined);
      if (isBrokerRefusal(error)) {
        // The broker refused the setup (e.g. a queue exists with other arguments): retrying will not help
        // until someone changes something, so whoever waits for this channel hears about it.
        this.logger.error(`could not set up channel ${this.name}: ${reason(error)}`);
        this.emit('setup-error', error);
        this.scheduleReopen(FAILED_SETUP_RETRY_MS);
      } else {
        // The connection went away meanwhile: the next 'connect' (or the retry) opens it.
        this.logger.warn(`channel ${this.name} not opened: ${reason(error)}`);
        this.scheduleReopen(REOPEN_DELAY_MS);
      }
    } finally {
      this.opening = false;
    }
  }

  private onClose(channel: ConfirmChannel): void {
    if (this.channel !== channel) return;
    this.channel = undefined;
    // After a connection loss the manager's 'connect' reopens it; this covers a channel closed alone.
    if (!this.closed) this.scheduleReopen(REOPEN_DELAY_MS);
  }

  private scheduleReopen(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.open(), delayMs);
    this.retryTimer.unref();
  }
}
