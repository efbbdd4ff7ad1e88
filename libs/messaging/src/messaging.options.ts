import { EVENTS_EXCHANGE } from '@platform/contracts';

export interface ConsumerOptions {
  /** Durable queue of this consumer; its retry queues and DLQ are named after it. */
  readonly queue: string;
  /** Unacknowledged messages in flight at once. @default 20 */
  readonly prefetch?: number;
  /** Deliveries before a failing message is parked in the DLQ. @default 5 */
  readonly maxAttempts?: number;
  /** Delay before the first retry; each further retry doubles it. @default 1000 */
  readonly retryBaseDelayMs?: number;
}

export interface MessagingOptions {
  /** The service's name from libs/contracts: the `source` of its events. */
  readonly service: string;
  readonly amqpUrl: string;
  /** Topic exchange of all events. Tests use their own. @default 'platform.events' */
  readonly exchange?: string;
  /** Omitted by a service that only publishes. */
  readonly consumer?: ConsumerOptions;
  /** Run the outbox relay in this process. @default true */
  readonly relay?: boolean;
  /** Fallback poll of the outbox (commits in this process wake the relay at once). @default 250 */
  readonly relayPollIntervalMs?: number;
  /** How long a publish may wait for the broker's confirm. @default 10000 */
  readonly publishTimeoutMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface ResolvedConsumerOptions extends Required<ConsumerOptions> {
  readonly exchange: string;
}

export function resolveConsumerOptions(options: MessagingOptions): ResolvedConsumerOptions | undefined {
  if (!options.consumer) return undefined;
  return {
    prefetch: 20,
    maxAttempts: 5,
    retryBaseDelayMs: 1000,
    ...options.consumer,
    exchange: options.exchange ?? EVENTS_EXCHANGE,
  };
}
