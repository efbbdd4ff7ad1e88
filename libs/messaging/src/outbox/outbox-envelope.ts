import type { EventEnvelope } from '@platform/contracts';
import type { OutboxMessage } from './outbox-message.entity';

export function toEnvelope(message: OutboxMessage): EventEnvelope {
  return {
    id: message.id,
    type: message.type,
    version: message.version,
    occurredAt: message.occurredAt.toISOString(),
    correlationId: message.correlationId,
    source: message.source,
    payload: message.payload,
  };
}
