import { InboxMessage } from './inbox/inbox-message.entity';
import { OutboxMessage } from './outbox/outbox-message.entity';

export * from './messaging.options';
export * from './messaging.module';
export * from './outbox/outbox-message.entity';
export * from './outbox/outbox';
export * from './outbox/outbox-relay';
export * from './inbox/inbox-message.entity';
export * from './connection/broker-connection';
export * from './consumer/event-context';
export * from './consumer/envelope-validation';
export * from './consumer/event-consumer.transport';
export * from './consumer/connect-event-consumer';
export * from './consumer/topology';
export * from './cli/dead-letter-command';

/** The lib's tables; each service lists them among its entities and migrates them with its own schema. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage];
