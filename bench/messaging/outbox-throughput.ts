// Outbox → consumer throughput and latency through libs/messaging (each event recorded in its own
// transaction, published by the relay with publisher confirms, applied by the consumer transport in
// a transaction with its inbox row, acked after commit), against a baseline measured in the same
// run: raw amqplib publish-with-confirm of persistent messages through a durable topic exchange to
// a durable queue, consumed with manual acks and the same prefetch. Real PostgreSQL and RabbitMQ.
//
//   npx tsc -b libs/messaging libs/testing && npx tsc -p bench && node bench/dist/messaging/outbox-throughput.js
//   (or `npm run bench` for every benchmark; BENCH_EVENTS=5000 BENCH_PACED_RATE=200 BENCH_PACED_EVENTS=1000
//   change the load). It compiles against the libs' dist/ (bench/tsconfig.json), hence the build first;
//   there is no ts-node in this repo. Results: bench/results/messaging-<date>.json.
//
// Two figures each: a burst (all events recorded as fast as possible: throughput; its latencies
// are mostly queueing) and a paced run (a steady rate well below capacity: the pick-up latency).
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Entity, EntityManager, MikroORM, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Controller, Module } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import type { EventType } from '@platform/contracts';
import {
  connectEventConsumer,
  type EventContext,
  MESSAGING_ENTITIES,
  MessagingModule,
  type MessagingOptions,
  messagingTopology,
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
import { type Channel, connect, type ConfirmChannel } from 'amqplib';
import { percentile, recordResult } from '../shared/results';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 100);
const PACED_EVENTS = Number(process.env.BENCH_PACED_EVENTS ?? 500);
const PREFETCH = 50;
const TYPE = 'bench.event.recorded' as EventType;

interface Run {
  seconds: number;
  latencies: number[];
  /** Until the last recording transaction committed (outbox runs). */
  recordedSeconds?: number;
  /** CPU time of this process (user + system) during the run, ms. */
  cpuMs: number;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Collects arrivals of one run: resolves when `expected` have arrived. */
class Arrivals {
  readonly latencies: number[] = [];
  private resolve: () => void = () => undefined;
  private expected = 0;
  readonly done: Promise<void>;

  constructor(expected: number) {
    this.expected = expected;
    this.done = new Promise((resolve) => (this.resolve = resolve));
  }

  arrived(sentAtMs: number): void {
    this.latencies.push(Date.now() - sentAtMs);
    if (this.latencies.length === this.expected) setImmediate(this.resolve);
  }
}

let arrivals = new Arrivals(0);

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
    // A realistic handler: one row written in the handler's transaction.
    this.em.persist(new Applied(context.envelope.id));
    arrivals.arrived((context.envelope.payload as { sentAt: number }).sentAt);
  }
}

class BenchConfig extends BaseServiceConfig {}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `count` items at `rate` per second (or as fast as possible without a rate). */
async function drive(count: number, rate: number | undefined, send: (index: number) => Promise<void>): Promise<void> {
  const started = Date.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    if (rate) {
      const due = started + (i * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    inFlight.push(send(i));
    if (inFlight.length >= PREFETCH) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
}

async function baselineRun(publisher: ConfirmChannel, exchange: string, count: number, rate?: number): Promise<Run> {
  arrivals = new Arrivals(count);
  const started = Date.now();
  const cpu = process.cpuUsage();
  await drive(count, rate, async (i) => {
    publisher.publish(exchange, TYPE, Buffer.from(JSON.stringify({ i, sentAt: Date.now() })), {
      persistent: true,
      contentType: 'application/json',
      messageId: randomUUID(),
    });
    if (!rate && i % PREFETCH !== PREFETCH - 1) return;
    await publisher.waitForConfirms();
  });
  await publisher.waitForConfirms();
  await arrivals.done;
  return { seconds: (Date.now() - started) / 1000, latencies: arrivals.latencies, cpuMs: cpuMsSince(cpu) };
}

async function baseline(amqpUrl: string): Promise<{ burst: Run; paced: Run }> {
  const id = randomUUID().slice(0, 8);
  const exchange = `bench.baseline.${id}`;
  const queue = `bench.baseline.${id}`;
  const connection = await connect(amqpUrl);
  const publisher = await connection.createConfirmChannel();
  const consumer: Channel = await connection.createChannel();
  try {
    await consumer.assertExchange(exchange, 'topic', { durable: true });
    await consumer.assertQueue(queue, { durable: true });
    await consumer.bindQueue(queue, exchange, TYPE);
    await consumer.prefetch(PREFETCH);
    await consumer.consume(queue, (message) => {
      if (!message) return;
      arrivals.arrived(JSON.parse(message.content.toString('utf8')).sentAt);
      consumer.ack(message);
    });
    const burst = await baselineRun(publisher, exchange, EVENTS);
    const paced = await baselineRun(publisher, exchange, PACED_EVENTS, PACED_RATE);
    return { burst, paced };
  } finally {
    await consumer.deleteQueue(queue).catch(() => undefined);
    await consumer.deleteExchange(exchange).catch(() => undefined);
    await connection.close();
  }
}

/** Latencies from recording to the broker routing the event (seen by a tap queue): the relay's share. */
let tapLatencies: number[] = [];
/** How long the recording transactions took (begin → commit): the caller's share. */
let recordLatencies: number[] = [];

async function outboxRun(orm: MikroORM, outbox: Outbox, count: number, rate?: number): Promise<Run> {
  arrivals = new Arrivals(count);
  tapLatencies = [];
  recordLatencies = [];
  const started = Date.now();
  const cpu = process.cpuUsage();
  // Recorded the way services do: each event in its own small transaction.
  await drive(count, rate, async () => {
    const sentAt = Date.now();
    await orm.em.fork().transactional(async (em) => {
      outbox.record(em, TYPE, { sentAt } as never);
    });
    recordLatencies.push(Date.now() - sentAt);
  });
  const recordedSeconds = (Date.now() - started) / 1000;
  await arrivals.done;
  return {
    seconds: (Date.now() - started) / 1000,
    latencies: arrivals.latencies,
    recordedSeconds,
    cpuMs: cpuMsSince(cpu),
  };
}

function figures(run: Run, count: number): Record<string, number> {
  return {
    eventsPerSecond: Math.round(count / run.seconds),
    p50Ms: percentile(run.latencies, 50),
    p99Ms: percentile(run.latencies, 99),
    // This process's CPU per event: recording, relay and consumer (outbox), or publisher and consumer (raw).
    cpuMsPerEvent: Number((run.cpuMs / count).toFixed(3)),
  };
}

async function main(): Promise<void> {
  const amqpUrl = testAmqpUrl();
  // The machine is shared: the 1-minute load average says how much else was running.
  const loadAtStart = loadavg()[0];
  const base = await baseline(amqpUrl);

  const database = await createTestDatabase('bench_messaging');
  const messagingOptions: MessagingOptions = {
    service: 'bench',
    amqpUrl,
    namespace: `bench-${randomUUID().slice(0, 8)}`,
    consumer: { queue: 'bench', prefetch: PREFETCH },
  };
  const config = loadConfig(BenchConfig, testEnvironment({ DATABASE_NAME: database.name, DATABASE_POOL_MAX: '20' }));
  @Module({
    imports: [
      ServiceKitModule.forRoot({
        service: 'bench',
        config,
        orm: createOrmConfig(config, { entities: [Applied, ...MESSAGING_ENTITIES], migrationsPath: __dirname }),
      }),
      MessagingModule.forRoot(messagingOptions),
    ],
    controllers: [BenchConsumer],
  })
  class BenchModule {}
  const app = await createServiceApp(BenchModule, { routePrefix: '/bench', title: 'bench', config });
  let burst: Run;
  let paced: Run;
  let pacedPublished: number[] = [];
  let burstPublished: number[] = [];
  let burstRecorded: number[] = [];
  let pacedRecorded: number[] = [];
  let tap: Awaited<ReturnType<typeof connect>> | undefined;
  try {
    const orm = app.get<MikroORM>(MikroORM);
    await orm.schema.createSchema();
    connectEventConsumer(app);
    await app.startAllMicroservices();
    await app.init();
    const outbox = app.get(Outbox);
    tap = await connect(amqpUrl);
    const tapChannel = await tap.createChannel();
    const { queue: tapQueue } = await tapChannel.assertQueue('', { exclusive: true });
    await tapChannel.bindQueue(tapQueue, messagingTopology(messagingOptions).exchange, TYPE);
    await tapChannel.consume(
      tapQueue,
      (message) => message && tapLatencies.push(Date.now() - JSON.parse(message.content.toString()).payload.sentAt),
      { noAck: true },
    );
    burst = await outboxRun(orm, outbox, EVENTS);
    burstPublished = [...tapLatencies];
    burstRecorded = [...recordLatencies];
    paced = await outboxRun(orm, outbox, PACED_EVENTS, PACED_RATE);
    pacedPublished = [...tapLatencies];
    pacedRecorded = [...recordLatencies];
  } finally {
    await tap?.close();
    await app.close();
    const connection = await connect(amqpUrl);
    const channel = await connection.createChannel();
    const topology = messagingTopology(messagingOptions);
    for (const name of topology.queues) await channel.deleteQueue(name);
    await channel.deleteExchange(topology.exchange);
    await connection.close();
    await database.drop();
  }

  const outboxBurst = figures(burst, EVENTS);
  const baselineBurst = figures(base.burst, EVENTS);
  recordResult('messaging', {
    loadAverage1m: { atStart: Number(loadAtStart.toFixed(2)), atEnd: Number(loadavg()[0].toFixed(2)) },
    events: EVENTS,
    prefetch: PREFETCH,
    outboxToConsumer: {
      burst: {
        ...outboxBurst,
        // Where a burst queues: recording (begin → commit), recording → routed (the relay), the rest the consumer.
        recordedPerSecond: Math.round(EVENTS / (burst.recordedSeconds ?? burst.seconds)),
        recordedP50Ms: percentile(burstRecorded, 50),
        publishedP50Ms: percentile(burstPublished, 50),
        publishedP99Ms: percentile(burstPublished, 99),
      },
      paced: {
        ratePerSecond: PACED_RATE,
        events: PACED_EVENTS,
        ...figures(paced, PACED_EVENTS),
        // Of which the recording transaction (begin → commit):
        recordedP50Ms: percentile(pacedRecorded, 50),
        recordedP99Ms: percentile(pacedRecorded, 99),
        // and recording → routed by the broker (that + relay pick-up and publish):
        publishedP50Ms: percentile(pacedPublished, 50),
        publishedP99Ms: percentile(pacedPublished, 99),
      },
    },
    baselineRawAmqplib: {
      burst: baselineBurst,
      paced: { ratePerSecond: PACED_RATE, events: PACED_EVENTS, ...figures(base.paced, PACED_EVENTS) },
    },
    throughputRatio: Number((outboxBurst.eventsPerSecond / baselineBurst.eventsPerSecond).toFixed(3)),
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
