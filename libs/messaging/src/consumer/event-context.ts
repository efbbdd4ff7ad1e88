import type { EntityManager } from '@mikro-orm/core';
import type { EventEnvelope } from '@platform/contracts';

/**
 * What a handler may want besides the payload: the envelope, the delivery attempt and its
 * transaction. `TEntityManager` is the service's driver's EntityManager (e.g. @mikro-orm/postgresql's),
 * the one the transport forks from the service's MikroORM.
 */
export class EventContext<TEntityManager extends EntityManager = EntityManager> {
  constructor(
    readonly envelope: EventEnvelope,
    /** The transaction the handler runs in, together with the inbox record. */
    readonly em: TEntityManager,
    /** 1 on first delivery. */
    readonly attempt: number,
  ) {}
}
