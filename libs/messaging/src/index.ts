import { consumerTopology, topologyQueues } from './consumer/topology';
import { InboxMessage } from './inbox/inbox-message.entity';
import { type MessagingOptions, resolveConsumerOptions, resolveExchange } from './messaging.options';
import { OutboxMessage } from './outbox/outbox-message.entity';

export * from './messaging.options';
export * from './messaging.module';
export * from './outbox/outbox-message.entity';
export * from './outbox/outbox';
export * from './outbox/outbox-relay';
export { outboxChannel } from './outbox/outbox-notify.subscriber';
export * from './inbox/inbox-message.entity';
export * from './connection/broker-connection';
export * from './connection/supervised-channel';
export * from './consumer/event-context';
export * from './consumer/envelope-validation';
export * from './consumer/event-consumer.transport';
export * from './consumer/connect-event-consumer';
export * from './consumer/topology';
export * from './consumer/topic-match';
export * from './consumer/headers';
export * from './cli/dead-letter-command';

/** The lib's tables; each service lists them among its entities and migrates them with its own schema. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage];

/**
 * Names of what `MessagingModule.forRoot(options)` declares on the broker: the exchange and, with a
 * consumer, its queue, retry queues and DLQ. Tests use it to delete their topology afterwards.
 */
export function messagingTopology(options: MessagingOptions): { exchange: string; queues: string[] } {
  const consumer = resolveConsumerOptions(options);
  return {
    exchange: resolveExchange(options),
    queues: consumer
      ? topologyQueues(consumerTopology(consumer.queue, consumer.maxAttempts, consumer.retryBaseDelayMs))
      : [],
  };
}
