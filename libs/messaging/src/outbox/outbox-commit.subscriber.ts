import { type EventSubscriber, type TransactionEventArgs } from '@mikro-orm/core';
import { OutboxMessage } from './outbox-message.entity';

/** Wakes the relay right after a transaction that recorded events commits: prompt pick-up without a tight poll. */
export class OutboxCommitSubscriber implements EventSubscriber {
  constructor(private readonly onCommit: () => void) {}

  afterTransactionCommit(args: TransactionEventArgs): void {
    const changeSets = args.uow?.getChangeSets() ?? [];
    if (changeSets.some((changeSet) => changeSet.type === 'create' && changeSet.entity instanceof OutboxMessage))
      this.onCommit();
  }
}
