import { randomUUID } from 'node:crypto';
import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import { Entity, EntityManager, MikroORM, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Controller, type DynamicModule, Inject, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type EventType, MEDIA_EVENTS, type MediaDeletedPayload } from '@platform/contracts';
import {
  BaseServiceConfig,
  createOrmConfig,
  createServiceApp,
  loadConfig,
  maybeCorrelationId,
  metricsRegistry,
  ReadinessRegistry,
  runWithCorrelationId,
  ServiceKitModule,
} from '@platform/service-kit';
import { AmqpTestConnection, testEnvironment } from '@platform/testing';
import type { ConsumeMessage } from 'amqplib';
import { IsInt, IsString, Min } from 'class-validator';
import {
  connectEventConsumer,
  type EventConsumerTransport,
  EventContext,
  InvalidEventError,
  MESSAGING_ENTITIES,
  MessagingModule,
  type MessagingOptions,
  messagingTopology,
  Outbox,
  OutboxRelay,
} from '../src';

/** Event types of the tests: not in the platform's contracts, hence the casts. */
export const TEST_EVENT = 'test.counter.incremented' as EventType;
export const DTO_EVENT = 'test.dto.validated' as EventType;
export const WILDCARD_EVENT = 'test.wild.anything' as EventType;

/** One row per applied event: the tests count rows to prove "exactly once". */
@Entity({ tableName: 'applied_event' })
export class AppliedEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  key: string;

  @Property({ type: 'uuid' })
  messageId: string;

  @Property({ type: 'string', nullable: true })
  correlationId: string | null;

  constructor(key: string, messageId: string, correlationId: string | null) {
    this.key = key;
    this.messageId = messageId;
    this.correlationId = correlationId;
  }
}

export interface TestEventPayload {
  key: string;
  /** Fail every delivery before this attempt number (unless healed). */
  failUntilAttempt?: number;
  /** Throw InvalidEventError: never retried. */
  permanent?: boolean;
  /** Take this long (the handler is "in flight" meanwhile). */
  slowMs?: number;
  /** Cut the broker connection right after this handler's transaction commits, before the ack. */
  crashAfterCommit?: boolean;
}

export class CountDto {
  @IsString()
  name!: string;

  @IsInt()
  @Min(0)
  count!: number;
}

/** What the handlers of one test app report to the test, and the switches the test flips. */
export class TestHooks {
  /** Handler runs per key (including failed ones). */
  readonly runs = new Map<string, number>();
  /** Keys whose transient failures are "fixed" from now on. */
  readonly healed = new Set<string>();
  /** Called (synchronously) right after the commit of a handler with `crashAfterCommit`. */
  onCrash: () => void = () => undefined;
  crashArmedFor?: unknown;

  ran(key: string): number {
    return this.runs.get(key) ?? 0;
  }
}

const TEST_HOOKS = Symbol('TEST_HOOKS');

@Controller()
class TestEventsConsumer {
  constructor(
    // Injected, not context.em: proves that injected EntityManagers join the handler's transaction.
    private readonly em: EntityManager,
    @Inject(TEST_HOOKS) private readonly hooks: TestHooks,
  ) {}

  @EventPattern(TEST_EVENT)
  async onIncrement(@Payload() payload: TestEventPayload, @Ctx() context: EventContext): Promise<void> {
    this.hooks.runs.set(payload.key, this.hooks.ran(payload.key) + 1);
    // Written before any failure below: a failed attempt must leave no row behind (rolled back).
    this.em.persist(new AppliedEvent(payload.key, context.envelope.id, maybeCorrelationId() ?? null));
    if (payload.permanent) throw new InvalidEventError('this payload can never be applied');
    if (payload.failUntilAttempt && context.attempt < payload.failUntilAttempt && !this.hooks.healed.has(payload.key))
      throw new Error(`transient failure on attempt ${context.attempt}`);
    if (payload.slowMs) await new Promise((resolve) => setTimeout(resolve, payload.slowMs));
    if (payload.crashAfterCommit) this.hooks.crashArmedFor = context.em.getTransactionContext();
  }

  @EventPattern(DTO_EVENT)
  async onValidated(@Payload() payload: CountDto, @Ctx() context: EventContext): Promise<void> {
    // The global ValidationPipe (service-kit) turned the payload into a CountDto, or refused it.
    if (!(payload instanceof CountDto)) throw new Error('payload was not transformed into its DTO');
    this.em.persist(new AppliedEvent(`dto:${payload.name}:${payload.count}`, context.envelope.id, null));
  }

  /** A platform event type: its payload was parsed by the transport against libs/contracts first. */
  @EventPattern(MEDIA_EVENTS.mediaDeleted)
  async onMediaDeleted(@Payload() payload: MediaDeletedPayload, @Ctx() context: EventContext): Promise<void> {
    this.hooks.runs.set(`contract:${payload.mediaId}`, this.hooks.ran(`contract:${payload.mediaId}`) + 1);
    this.em.persist(new AppliedEvent(`contract:${payload.mediaId}`, context.envelope.id, null));
  }

  @EventPattern('test.wild.*')
  async onWildcard(@Payload() _payload: object, @Ctx() context: EventContext): Promise<void> {
    this.em.persist(new AppliedEvent(`wild:${context.envelope.type}`, context.envelope.id, null));
  }
}

/** Cuts the connection after the armed handler's commit: the "crash between commit and ack". */
class CrashAfterCommit implements EventSubscriber {
  constructor(private readonly hooks: TestHooks) {}

  afterTransactionCommit(args: TransactionEventArgs): void {
    if (this.hooks.crashArmedFor !== undefined && args.transaction === this.hooks.crashArmedFor) {
      this.hooks.crashArmedFor = undefined;
      this.hooks.onCrash();
    }
  }
}

export interface MessagingTestApp {
  readonly app: NestFastifyApplication;
  readonly options: MessagingOptions;
  readonly hooks: TestHooks;
  readonly transport?: EventConsumerTransport;
  readonly relay: OutboxRelay;
  /** Records events in one transaction; resolves with their message ids. */
  record(payloads: object[], type?: EventType, correlationId?: string): Promise<string[]>;
  /** Records one event with a plain flush (MikroORM's implicit transaction), not `em.transactional`. */
  recordByFlush(payload: object): Promise<string>;
  /** Rows written by handlers (for `key`, or all). */
  applied(key?: string): Promise<number>;
  /** Keys applied more than once: must always be empty. */
  duplicates(): Promise<string[]>;
  /** A raw SQL query on the app's database. */
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Runs the readiness check named `broker`: undefined when ready, else the reason. */
  brokerNotReady(): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface MessagingTestSetup {
  readonly databaseName: string;
  readonly amqpUrl: string;
  readonly namespace: string;
  readonly consume?: boolean;
  readonly relay?: boolean;
  readonly maxAttempts?: number;
  readonly relayPollIntervalMs?: number;
  /** Create the schema (first app on a database only). */
  readonly createSchema?: boolean;
}

class MessagingTestConfig extends BaseServiceConfig {}

export const TEST_QUEUE = 'consumer';

export function testMessagingOptions(setup: MessagingTestSetup): MessagingOptions {
  return {
    service: 'messaging-test',
    amqpUrl: setup.amqpUrl,
    namespace: setup.namespace,
    relay: setup.relay ?? true,
    relayPollIntervalMs: setup.relayPollIntervalMs ?? 200,
    publishTimeoutMs: 2000,
    consumer:
      setup.consume === false
        ? undefined
        : {
            queue: TEST_QUEUE,
            prefetch: 10,
            maxAttempts: setup.maxAttempts ?? 3,
            retryBaseDelayMs: 100,
            shutdownTimeoutMs: 10_000,
          },
  };
}

/** A tiny service: service-kit (database, readiness, validation) + the messaging module + test handlers. */
export async function startMessagingApp(setup: MessagingTestSetup): Promise<MessagingTestApp> {
  const config = loadConfig(
    MessagingTestConfig,
    testEnvironment({ DATABASE_NAME: setup.databaseName, AMQP_URL: setup.amqpUrl }),
  );
  const orm = createOrmConfig(config, { entities: [AppliedEvent, ...MESSAGING_ENTITIES], migrationsPath: __dirname });
  const options = testMessagingOptions(setup);
  const hooks = new TestHooks();
  @Module({})
  class MessagingTestModule {}
  // A global dynamic root module, as every service's AppModule.forRoot is: Nest then orders the
  // global modules' shutdown hooks as in the services (MikroORM's pool closes before the relay stops).
  const root: DynamicModule = {
    module: MessagingTestModule,
    global: true,
    imports: [ServiceKitModule.forRoot({ service: 'messaging-test', config, orm }), MessagingModule.forRoot(options)],
    controllers: setup.consume === false ? [] : [TestEventsConsumer],
    providers: [{ provide: TEST_HOOKS, useValue: hooks }],
  };
  const app = await createServiceApp(root, { routePrefix: '/api/test', title: 'test', config });
  const ormInstance = app.get(MikroORM);
  if (setup.createSchema) await ormInstance.schema.createSchema();
  ormInstance.em.getEventManager().registerSubscriber(new CrashAfterCommit(hooks));
  const transport = setup.consume === false ? undefined : connectEventConsumer(app);
  try {
    await app.startAllMicroservices();
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  const outbox = app.get(Outbox);
  const readiness = app.get(ReadinessRegistry);
  return {
    app,
    options,
    hooks,
    transport,
    relay: app.get(OutboxRelay),
    record: (payloads, type = TEST_EVENT, correlationId = randomUUID()) =>
      runWithCorrelationId(correlationId, () =>
        ormInstance.em
          .fork()
          .transactional(async (em) => payloads.map((payload) => outbox.record(em, type, payload as never).id)),
      ),
    recordByFlush: async (payload) => {
      const em = ormInstance.em.fork();
      const message = outbox.record(em, TEST_EVENT, payload as never);
      await em.flush();
      return message.id;
    },
    applied: (key) => ormInstance.em.fork().count(AppliedEvent, key ? { key } : {}),
    duplicates: async () => {
      const rows: Array<{ key: string }> = await ormInstance.em
        .fork()
        .getConnection()
        .execute('select key from applied_event group by key having count(*) > 1');
      return rows.map((row) => row.key);
    },
    query: (sql) => ormInstance.em.fork().getConnection().execute(sql),
    brokerNotReady: async () => {
      const check = readiness.all().find((candidate) => candidate.name === 'broker');
      if (!check) return 'no broker check registered';
      return check.probe().then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    },
    close: () => app.close(),
  };
}

/** Sum of a messaging counter over its series with these labels (metrics are per process). */
export async function counterValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted))
    .reduce((sum, value) => sum + value.value, 0);
}

/** Removes a test's exchange and queues from the machine's broker. */
export function deleteTopology(amqpUrl: string, options: MessagingOptions): Promise<void> {
  const { exchange, queues } = messagingTopology(options);
  return AmqpTestConnection.use(amqpUrl, (amqp) => amqp.removeTopology(exchange, queues));
}

export function queueDepth(amqpUrl: string, queue: string): Promise<number> {
  return AmqpTestConnection.use(amqpUrl, (amqp) => amqp.messageCount(queue));
}

/** Publishes a message body as it is (not an envelope), routing key = TEST_EVENT. */
export function publishRaw(amqpUrl: string, exchange: string, body: string, messageId: string): Promise<void> {
  return AmqpTestConnection.use(amqpUrl, (amqp) =>
    amqp.publish(exchange, TEST_EVENT, body, { persistent: true, messageId }),
  );
}

/**
 * A temporary queue bound to the test's exchange that remembers what was published (the raw
 * AMQP messages): to check properties and count publications independently of any consumer.
 */
export async function tapExchange(
  amqpUrl: string,
  exchange: string,
  routingKey = '#',
): Promise<{
  messages: ConsumeMessage[];
  /** Messages routed to the tap but not yet delivered to it. */
  depth(): Promise<number>;
  close(): Promise<void>;
}> {
  const amqp = await AmqpTestConnection.open(amqpUrl);
  await amqp.assertExchange(exchange);
  const messages: ConsumeMessage[] = [];
  const queue = await amqp.tap(exchange, [routingKey], (message) => messages.push(message));
  return { messages, depth: () => amqp.messageCount(queue), close: () => amqp.close() };
}
