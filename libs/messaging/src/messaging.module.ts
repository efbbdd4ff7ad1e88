import { type DynamicModule, Global, Module } from '@nestjs/common';
import { BrokerConnection } from './connection/broker-connection';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';

/** Events in and out of a service: the outbox and its relay, and (with `connectEventConsumer`) the consumer. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, BrokerConnection, Outbox, OutboxRelay],
      exports: [Outbox, OutboxRelay, BrokerConnection, MESSAGING_OPTIONS],
    };
  }
}
