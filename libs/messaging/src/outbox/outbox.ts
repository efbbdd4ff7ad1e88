import type { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import type { EventPayloads, EventType } from '@platform/contracts';
import { currentCorrelationId, SERVICE_NAME } from '@platform/service-kit';
import { OutboxMessage } from './outbox-message.entity';

/** Records events in the caller's transaction; they are published only if it commits. */
@Injectable()
export class Outbox {
  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  record<T extends EventType>(em: EntityManager, type: T, payload: EventPayloads[T], version = 1): OutboxMessage {
    const message = new OutboxMessage(type, payload as object, this.service, currentCorrelationId(), version);
    em.persist(message);
    return message;
  }
}
