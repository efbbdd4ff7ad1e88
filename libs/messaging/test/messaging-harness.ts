import { randomUUID } from 'node:crypto';
import { Entity, EntityManager, MikroORM, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Controller, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventType } from '@platform/contracts';
import {
  BaseServiceConfig,
  createOrmConfig,
  createServiceApp,
  loadConfig,
  ServiceKitModule,
} from '@platform/service-kit';
import { testEnvironment } from '@platform/testing';
import { connect } from 'amqplib';
import {
  connectEventConsumer,
  consumerTopology,
  type EventConsumerTransport,
  EventContext,
  InvalidEventError,
  MESSAGING_ENTITIES,
  MessagingModule,
  Outbox,
  OutboxRelay,
} from '../src';

export const TEST_EVENT = 'test.counter.incremented' as EventType;

/** One row per applied event: the test counts rows to prove "exactly once". */
@Entity({ tableName: 'applied_event' })
export class AppliedEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  key: string;

  @Property({ type: 'uuid' })
  messageId: string;

  constructor(key: string, messageId: string) {
    this.key = key;
    this.messageId = messageId;
  }
}

export interface TestEventPayload {
  key: string;
  /** Fail on every delivery (poison), or on deliveries before this attempt number. */
  failUntilAttempt?: number;
  permanent?: boolean;
}

@Controller()
class TestEventsConsumer {
  constructor(private readonly em: EntityManager) {}

  @EventPattern(TEST_EVENT)
  async onIncrement(@Payload() payload: TestEventPayload, @Ctx() context: EventContext): Promise<void> {
    if (payload.permanent) throw new InvalidEventError('this payload can never be applied');
    if (payload.failUntilAttempt && context.attempt < payload.failUntilAttempt)
      throw new Error(`transient failure on attempt ${context.attempt}`);
    // The injected EntityManager joins the handler's transaction (MikroORM's TransactionContext).
    this.em.persist(new AppliedEvent(payload.key, context.envelope.id));
  }
}

export interface MessagingTestApp {
  app: NestFastifyApplication;
  transport?: EventConsumerTransport;
  record(payloads: TestEventPayload[]): Promise<void>;
  applied(key?: string): Promise<number>;
  close(): Promise<void>;
}

export interface MessagingTestSetup {
  databaseName: string;
  amqpUrl: string;
  exchange: string;
  queue: string;
  consume?: boolean;
  relay?: boolean;
  maxAttempts?: number;
  /** Create the schema (first app on a database only). */
  createSchema?: boolean;
}

class MessagingTestConfig extends BaseServiceConfig {}

export async function startMessagingApp(setup: MessagingTestSetup): Promise<MessagingTestApp> {
  const config = loadConfig(
    MessagingTestConfig,
    testEnvironment({ DATABASE_NAME: setup.databaseName, AMQP_URL: setup.amqpUrl }),
  );
  const orm = createOrmConfig(config, { entities: [AppliedEvent, ...MESSAGING_ENTITIES], migrationsPath: __dirname });
  @Module({
    imports: [
      ServiceKitModule.forRoot({ service: 'messaging-test', config, orm }),
      MessagingModule.forRoot({
        service: 'messaging-test',
        amqpUrl: setup.amqpUrl,
        exchange: setup.exchange,
        relay: setup.relay ?? true,
        relayPollIntervalMs: 100,
        publishTimeoutMs: 2000,
        consumer:
          setup.consume === false
            ? undefined
            : { queue: setup.queue, prefetch: 10, maxAttempts: setup.maxAttempts ?? 3, retryBaseDelayMs: 100 },
      }),
    ],
    controllers: setup.consume === false ? [] : [TestEventsConsumer],
  })
  class MessagingTestModule {}
  const app = await createServiceApp(MessagingTestModule, { routePrefix: '/api/test', title: 'test', config });
  if (setup.createSchema) await app.get(MikroORM).schema.createSchema();
  const transport = setup.consume === false ? undefined : connectEventConsumer(app);
  await app.startAllMicroservices();
  await app.init();
  const ormInstance = app.get(MikroORM);
  const outbox = app.get(Outbox);
  return {
    app,
    transport,
    record: (payloads) =>
      ormInstance.em.fork().transactional(async (em) => {
        for (const payload of payloads) outbox.record(em, TEST_EVENT, payload as never);
      }),
    applied: (key) => ormInstance.em.fork().count(AppliedEvent, key ? { key } : {}),
    close: () => app.close(),
  };
}

export function relayOf(app: MessagingTestApp): OutboxRelay {
  return app.app.get(OutboxRelay);
}

/** Removes a test's exchange and queues from the machine's broker. */
export async function deleteTopology(amqpUrl: string, exchange: string, queue: string, maxAttempts = 3): Promise<void> {
  const connection = await connect(amqpUrl);
  const channel = await connection.createChannel();
  const topology = consumerTopology(queue, maxAttempts, 100);
  for (const name of [queue, topology.deadLetterQueue, ...topology.retryQueues.map((retry) => retry.name)]) {
    await channel.deleteQueue(name).catch(() => undefined);
  }
  await channel.deleteExchange(exchange).catch(() => undefined);
  await connection.close();
}

export async function queueDepth(amqpUrl: string, queue: string): Promise<number> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
}
