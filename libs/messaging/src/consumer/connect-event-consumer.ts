import { MikroORM } from '@mikro-orm/core';
import type { INestApplication } from '@nestjs/common';
import { BrokerConnection } from '../connection/broker-connection';
import { MESSAGING_OPTIONS, type MessagingOptions, resolveConsumerOptions } from '../messaging.options';
import { EventConsumerTransport } from './event-consumer.transport';

/**
 * Attaches the service's `@EventPattern` handlers to its queue (call before
 * `app.startAllMicroservices()`); the handlers get the app's pipes, guards and filters.
 */
export function connectEventConsumer(app: INestApplication): EventConsumerTransport {
  const options = resolveConsumerOptions(app.get<MessagingOptions>(MESSAGING_OPTIONS));
  if (!options) throw new Error('MessagingModule.forRoot({ consumer }) is required to consume events');
  const strategy = new EventConsumerTransport(app.get(MikroORM), app.get(BrokerConnection), options);
  app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  return strategy;
}
