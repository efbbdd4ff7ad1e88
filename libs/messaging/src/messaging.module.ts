import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Outbox } from './outbox/outbox';

export interface MessagingOptions {
  /** The service's name from libs/contracts (the `source` of its events). */
  readonly service: string;
  readonly amqpUrl: string;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, Outbox],
      exports: [Outbox, MESSAGING_OPTIONS],
    };
  }
}
