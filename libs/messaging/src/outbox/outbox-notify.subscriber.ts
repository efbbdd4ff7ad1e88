import type { EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import { OutboxMessage } from './outbox-message.entity';

/** The PostgreSQL channel a service's relays LISTEN on (per database; named after the service). */
export function outboxChannel(service: string): string {
  return `outbox_${service.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

/** Wakes this process's relay if it can publish right now; false if there is none that can. */
export type LocalRelayWake = () => boolean;

/**
 * Wakes a relay once a flush that inserted outbox rows has committed. This process's own relay is
 * woken directly when it can publish; otherwise (no relay here, or its broker channel is down) the
 * service's relays in other processes get a `NOTIFY` sent after the commit. Not a NOTIFY inside the
 * recording transaction: PostgreSQL serialises the commits of notifying transactions, which capped
 * a burst of recordings (bench/README.md, messaging). A lost wake-up only waits for the poll.
 */
export class OutboxNotifySubscriber implements EventSubscriber {
  /** Root transactions (knex transaction objects) that inserted outbox rows and have not ended. */
  private readonly recording = new WeakSet<object>();

  constructor(
    private readonly channel: string,
    private readonly wakeLocalRelay: LocalRelayWake = () => false,
  ) {}

  async afterFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const recorded = uow
      .getChangeSets()
      .some((changeSet) => changeSet.type === 'create' && changeSet.entity instanceof OutboxMessage);
    if (!recorded) return;
    if (!em.isInTransaction()) return this.committed(em);
    const transaction = em.getTransactionContext<object>()!;
    if ('savepointName' in transaction) {
      // Inside a nested transaction the root is not at hand: NOTIFY in the transaction, delivered at its commit.
      await em
        .getConnection('write')
        .execute('select pg_notify(?, ?)', [this.channel, ''], 'run', transaction as never);
      return;
    }
    this.recording.add(transaction);
  }

  async afterTransactionCommit({ em, transaction }: TransactionEventArgs): Promise<void> {
    if (!transaction || !this.recording.delete(transaction)) return;
    await this.committed(em);
  }

  afterTransactionRollback({ transaction }: TransactionEventArgs): void {
    if (transaction) this.recording.delete(transaction);
  }

  private async committed(em: FlushEventArgs['em']): Promise<void> {
    if (this.wakeLocalRelay()) return;
    // Committed already: a lost wake-up must not make the caller's work look failed (the poll covers it).
    await em
      .getConnection('write')
      .execute('select pg_notify(?, ?)', [this.channel, ''], 'run')
      .catch(() => undefined);
  }
}
