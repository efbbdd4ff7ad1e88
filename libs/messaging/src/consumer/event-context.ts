import type { EntityManager } from '@mikro-orm/core';
import type { EventEnvelope } from '@platform/contracts';

/** What a handler may want besides the payload: the envelope, the delivery attempt and its transaction. */
export class EventContext {
  constructor(
    readonly envelope: EventEnvelope,
    /** The transaction the handler runs in, together with the inbox record. */
    readonly em: EntityManager,
    /** 1 on first delivery. */
    readonly attempt: number,
  ) {}
}
