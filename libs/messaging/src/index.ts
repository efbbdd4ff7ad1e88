import { OutboxMessage } from './outbox/outbox-message.entity';

export * from './outbox/outbox-message.entity';
export * from './outbox/outbox';
export * from './messaging.module';

/** The lib's tables; each service lists them among its entities and migrates them with its own schema. */
export const MESSAGING_ENTITIES = [OutboxMessage];
