import type { EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import { OutboxMessage } from './outbox-message.entity';

/** The PostgreSQL channel a service's relays LISTEN on (per database; named after the service). */
export function outboxChannel(service: string): string {
  return `outbox_${service.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

/**
 * After a flush that inserted outbox rows, `NOTIFY`s the service's relays: inside the caller's
 * transaction when there is one (PostgreSQL delivers it only if and when it commits), at once
 * otherwise (a flush outside `em.transactional` has committed by `afterFlush`). Every relay of the
 * service, in any process, wakes right after the commit instead of waiting for its poll.
 */
export class OutboxNotifySubscriber implements EventSubscriber {
  constructor(private readonly channel: string) {}

  async afterFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const recorded = uow
      .getChangeSets()
      .some((changeSet) => changeSet.type === 'create' && changeSet.entity instanceof OutboxMessage);
    if (!recorded) return;
    const notify = em
      .getConnection('write')
      .execute('select pg_notify(?, ?)', [this.channel, ''], 'run', em.getTransactionContext());
    if (em.isInTransaction()) {
      await notify;
    } else {
      // The flush has committed already: a lost wake-up must not make it look failed (the poll covers it).
      await notify.catch(() => undefined);
    }
  }
}
