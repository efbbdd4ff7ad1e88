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
  /** At shutdown, how long to wait for in-flight handlers (unfinished ones are redelivered). @default 25000 */
  readonly shutdownTimeoutMs?: number;
}

export interface RetentionOptions {
  /** Published outbox rows are deleted after this many days. @default 7 */
  readonly publishedOutboxDays?: number;
  /** Inbox rows (ids of applied messages) are deleted after this many days. @default 30 */
  readonly inboxDays?: number;
}

export interface MessagingOptions {
  /** The service's name from libs/contracts: the `source` of its events. */
  readonly service: string;
  readonly amqpUrl: string;
  /** Topic exchange of all events. Tests use their own. @default 'platform.events' */
  readonly exchange?: string;
  /**
   * Prefix of the exchange and queue names (`<namespace>.platform.events`, `<namespace>.<queue>`):
   * an isolated copy of the topology on a shared broker (tests, side-by-side environments).
   */
  readonly namespace?: string;
  /** Omitted by a service that only publishes. */
  readonly consumer?: ConsumerOptions;
  /** Run the outbox relay in this process. @default true */
  readonly relay?: boolean;
  /** Fallback poll of the outbox (commits wake the relay at once through LISTEN/NOTIFY). @default 1000 */
  readonly relayPollIntervalMs?: number;
  /** How long a publish may wait for the broker's confirm. @default 10000 */
  readonly publishTimeoutMs?: number;
  /** How long processed rows are kept (the relay deletes older ones hourly). */
  readonly retention?: RetentionOptions;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface ResolvedConsumerOptions extends Required<ConsumerOptions> {
  readonly exchange: string;
}

/** `name` prefixed with the namespace, if any. */
export function namespaced(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}.${name}` : name;
}

/** The exchange events are published to and consumed from. */
export function resolveExchange(options: MessagingOptions): string {
  return namespaced(options.namespace, options.exchange ?? EVENTS_EXCHANGE);
}

export function resolveConsumerOptions(options: MessagingOptions): ResolvedConsumerOptions | undefined {
  if (!options.consumer) return undefined;
  const resolved = {
    prefetch: 20,
    maxAttempts: 5,
    retryBaseDelayMs: 1000,
    shutdownTimeoutMs: 25_000,
    ...options.consumer,
    queue: namespaced(options.namespace, options.consumer.queue),
    exchange: resolveExchange(options),
  };
  if (!resolved.queue) throw new Error('MessagingModule: consumer.queue must not be empty');
  if (!Number.isInteger(resolved.prefetch) || resolved.prefetch < 1)
    throw new Error(`MessagingModule: consumer.prefetch must be a positive integer (got ${resolved.prefetch})`);
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1)
    throw new Error(`MessagingModule: consumer.maxAttempts must be a positive integer (got ${resolved.maxAttempts})`);
  if (!(resolved.retryBaseDelayMs > 0))
    throw new Error(`MessagingModule: consumer.retryBaseDelayMs must be positive (got ${resolved.retryBaseDelayMs})`);
  return resolved;
}
