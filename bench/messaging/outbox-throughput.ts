// Outbox → consumer throughput and latency through libs/messaging (relay with publisher confirms,
// consumer transport with inbox + manual acks), as a ratio against raw amqplib publish-with-confirm
// → consume of the same number of messages in the same run. Real PostgreSQL and RabbitMQ.
import { randomUUID } from 'node:crypto';
import { Entity, EntityManager, MikroORM, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Controller, Module } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import type { EventType } from '@platform/contracts';
import {
  connectEventConsumer,
  type EventContext,
  MESSAGING_ENTITIES,
  MessagingModule,
  Outbox,
} from '@platform/messaging';
import {
  BaseServiceConfig,
  createOrmConfig,
  createServiceApp,
  loadConfig,
  ServiceKitModule,
} from '@platform/service-kit';
import { createTestDatabase, testAmqpUrl, testEnvironment } from '@platform/testing';
import { connect } from 'amqplib';
import { percentile, recordResult } from '../shared/results';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const TYPE = 'bench.event.recorded' as EventType;
const latencies: number[] = [];
let received = 0;
let done: () => void = () => undefined;

@Entity({ tableName: 'bench_applied' })
class Applied {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  messageId: string;

  constructor(messageId: string) {
    this.messageId = messageId;
  }
}

@Controller()
class BenchConsumer {
  constructor(private readonly em: EntityManager) {}

  @EventPattern(TYPE)
  applied(_payload: unknown, @Ctx() context: EventContext): void {
    this.em.persist(new Applied(context.envelope.id));
    latencies.push(Date.now() - Date.parse(context.envelope.occurredAt));
    if (++received === EVENTS) setImmediate(done);
  }
}

class BenchConfig extends BaseServiceConfig {}

async function baseline(amqpUrl: string): Promise<{ seconds: number; latencies: number[] }> {
  const connection = await connect(amqpUrl);
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  const { queue } = await consumer.assertQueue('', { exclusive: true });
  const times: number[] = [];
  let count = 0;
  const finished = new Promise<void>((resolve) => {
    void consumer.consume(queue, (message) => {
      if (!message) return;
      times.push(Date.now() - Number(message.properties.timestamp));
      consumer.ack(message);
      if (++count === EVENTS) resolve();
    });
  });
  const started = Date.now();
  for (let i = 0; i < EVENTS; i++)
    publisher.sendToQueue(queue, Buffer.from(JSON.stringify({ i })), { persistent: true, timestamp: Date.now() });
  await publisher.waitForConfirms();
  await finished;
  const seconds = (Date.now() - started) / 1000;
  await connection.close();
  return { seconds, latencies: times };
}

async function main(): Promise<void> {
  const amqpUrl = testAmqpUrl();
  const database = await createTestDatabase('bench_messaging');
  const exchange = `bench.events.${randomUUID()}`;
  const queue = `bench.consumer.${randomUUID().slice(0, 8)}`;
  const config = loadConfig(BenchConfig, testEnvironment({ DATABASE_NAME: database.name, DATABASE_POOL_MAX: '20' }));
  @Module({
    imports: [
      ServiceKitModule.forRoot({
        service: 'bench',
        config,
        orm: createOrmConfig(config, { entities: [Applied, ...MESSAGING_ENTITIES], migrationsPath: __dirname }),
      }),
      MessagingModule.forRoot({ service: 'bench', amqpUrl, exchange, consumer: { queue, prefetch: 50 } }),
    ],
    controllers: [BenchConsumer],
  })
  class BenchModule {}
  const app = await createServiceApp(BenchModule, { routePrefix: '/bench', title: 'bench', config });
  const orm = app.get(MikroORM);
  await orm.schema.createSchema();
  connectEventConsumer(app);
  await app.startAllMicroservices();
  await app.init();

  const base = await baseline(amqpUrl);
  const outbox = app.get(Outbox);
  const finished = new Promise<void>((resolve) => (done = resolve));
  const started = Date.now();
  // Recorded the way services do: each event in its own small transaction.
  for (let batch = 0; batch < EVENTS; batch += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, EVENTS - batch) }, () =>
        orm.em.fork().transactional(async (em) => outbox.record(em, TYPE, {} as never)),
      ),
    );
  }
  await finished;
  const seconds = (Date.now() - started) / 1000;
  await app.close();
  const connection = await connect(amqpUrl);
  const channel = await connection.createChannel();
  for (const name of [queue, `${queue}.dlq`, ...[1, 2, 3, 4].map((n) => `${queue}.retry.${n}`)])
    await channel.deleteQueue(name);
  await channel.deleteExchange(exchange);
  await connection.close();
  await database.drop();

  const eventsPerSecond = EVENTS / seconds;
  const baselinePerSecond = EVENTS / base.seconds;
  recordResult('messaging', {
    events: EVENTS,
    outboxToConsumer: {
      eventsPerSecond: Math.round(eventsPerSecond),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    },
    baselineRawAmqplib: {
      messagesPerSecond: Math.round(baselinePerSecond),
      p50Ms: percentile(base.latencies, 50),
      p99Ms: percentile(base.latencies, 99),
    },
    throughputRatio: Number((eventsPerSecond / baselinePerSecond).toFixed(3)),
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
