import type { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';

const RECONNECT_DELAY_MS = 2_000;

/**
 * A dedicated PostgreSQL connection that LISTENs on the outbox channel and calls `onNotify` for each
 * notification (and once after every (re)connect, for rows committed while it was not listening).
 * If it drops, it reconnects; the relay's poll covers the gap.
 */
export class OutboxListener {
  private client?: Client;
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly logger: Logger,
  ) {}

  isListening(): boolean {
    return this.client !== undefined;
  }

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ ...this.config, application_name: `${this.channel}-listener` });
    let lost = false;
    const onLost = (error?: Error): void => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      if (this.stopped) return;
      this.logger.warn(`outbox LISTEN connection lost (${error?.message ?? 'closed'}); polling until it is back`);
      void client.end().catch(() => undefined);
      this.schedule();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => this.onNotify());
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.onNotify();
    } catch (error) {
      onLost(error as Error);
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), RECONNECT_DELAY_MS);
    this.timer.unref();
  }
}
