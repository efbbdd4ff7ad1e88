import { randomUUID } from 'node:crypto';
import { createTestDatabase, testAmqpUrl, type TestDatabase, waitFor } from '@platform/testing';
import { connect } from 'amqplib';
import { runDeadLetterCommand } from '../src';
import {
  deleteTopology,
  type MessagingTestApp,
  queueDepth,
  relayOf,
  startMessagingApp,
  TEST_EVENT,
} from './messaging-harness';
import { TcpProxy } from './tcp-proxy';

const amqpUrl = testAmqpUrl();
const brokerAddress = (() => {
  const url = new URL(amqpUrl);
  return { host: url.hostname, port: Number(url.port || 5672) };
})();

describe('messaging over the real RabbitMQ and PostgreSQL', () => {
  let database: TestDatabase;
  let exchange: string;
  let queue: string;
  const apps: MessagingTestApp[] = [];
  let proxy: TcpProxy | undefined;

  beforeEach(async () => {
    database = await createTestDatabase('messaging');
    const id = randomUUID().slice(0, 8);
    exchange = `test.events.${id}`;
    queue = `test.consumer.${id}`;
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await proxy?.stop();
    proxy = undefined;
    await deleteTopology(amqpUrl, exchange, queue);
    await database.drop();
  });

  async function start(
    options: {
      viaProxy?: boolean;
      consume?: boolean;
      relay?: boolean;
      createSchema?: boolean;
      maxAttempts?: number;
    } = {},
  ): Promise<MessagingTestApp> {
    const url =
      options.viaProxy && proxy
        ? amqpUrl.replace(`${brokerAddress.host}:${brokerAddress.port}`, `127.0.0.1:${proxy.port}`)
        : amqpUrl;
    const app = await startMessagingApp({
      databaseName: database.name,
      amqpUrl: url,
      exchange,
      queue,
      consume: options.consume,
      relay: options.relay,
      maxAttempts: options.maxAttempts,
      createSchema: options.createSchema ?? apps.length === 0,
    });
    apps.push(app);
    return app;
  }

  it('delivers every event recorded during a broker outage afterwards, each applied exactly once', async () => {
    proxy = await new TcpProxy(brokerAddress).start();
    const app = await start({ viaProxy: true });
    await app.record(Array.from({ length: 20 }, (_, i) => ({ key: `before-${i}` })));
    await waitFor('the first events to be applied', async () => (await app.applied()) >= 5, 15_000);

    proxy.cut();
    await app.record(Array.from({ length: 30 }, (_, i) => ({ key: `during-${i}` })));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    proxy.restore();
    await app.record(Array.from({ length: 10 }, (_, i) => ({ key: `after-${i}` })));

    await waitFor('all 60 events to be applied', async () => (await app.applied()) >= 60, 45_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await app.applied()).toBe(60);
    for (const key of ['before-0', 'during-0', 'during-29', 'after-9']) expect(await app.applied(key)).toBe(1);
  });

  it('applies a message once when the consumer dies between commit and ack', async () => {
    proxy = await new TcpProxy(brokerAddress).start();
    const app = await start({ viaProxy: true });
    const transport = app.transport as unknown as { ack: (message: unknown) => void };
    const realAck = transport.ack.bind(transport);
    let crashed = false;
    transport.ack = (message) => {
      if (!crashed) {
        crashed = true;
        proxy!.cut(); // the connection dies instead of acking: the broker redelivers
        setTimeout(() => proxy!.restore(), 300);
        return;
      }
      realAck(message);
    };
    await app.record([{ key: 'crash' }]);
    await waitFor('the crash to happen', async () => crashed, 15_000);
    await waitFor(
      'the redelivery to be acked',
      async () => (await queueDepth(amqpUrl, queue)) === 0 && crashed,
      20_000,
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await app.applied('crash')).toBe(1);
  });

  it('retries transient failures, parks poison messages in the DLQ, and keeps the queue flowing', async () => {
    const app = await start({ maxAttempts: 3 });
    await app.record([
      { key: 'flaky', failUntilAttempt: 2 },
      { key: 'poison', failUntilAttempt: 99 },
      { key: 'never', permanent: true },
    ]);
    const connection = await connect(amqpUrl);
    const channel = await connection.createChannel();
    channel.publish(exchange, TEST_EVENT, Buffer.from('not json at all'), { persistent: true });
    await channel.close();
    await connection.close();
    await app.record([{ key: 'healthy' }]);

    await waitFor(
      'the DLQ to hold the poison, the permanent failure and the garbage',
      async () => (await queueDepth(amqpUrl, `${queue}.dlq`)) === 3,
      20_000,
      200,
    );
    expect(await app.applied('flaky')).toBe(1);
    expect(await app.applied('healthy')).toBe(1);
    expect(await app.applied('poison')).toBe(0);

    const lines: string[] = [];
    await runDeadLetterCommand(['list'], { amqpUrl, queue }, (line) => lines.push(line));
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).toMatch(/transient failure on attempt 3/);
    expect(lines.join('\n')).toMatch(/body is not JSON/);
    expect(await queueDepth(amqpUrl, `${queue}.dlq`)).toBe(3);
  });

  it('lets two relays drain one outbox without publishing any event twice', async () => {
    const deliveries: string[] = [];
    const connection = await connect(amqpUrl);
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue: tap } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(tap, exchange, TEST_EVENT);
    await channel.consume(tap, (message) => message && deliveries.push(String(message.properties.messageId)), {
      noAck: true,
    });

    const recorder = await start({ consume: false, relay: false });
    await recorder.record(Array.from({ length: 300 }, (_, i) => ({ key: `bulk-${i}` })));
    const relays = [
      await start({ consume: false, createSchema: false }),
      await start({ consume: false, createSchema: false }),
    ];
    await Promise.all(relays.map((relay) => relayOf(relay).drain()));
    await waitFor('300 deliveries', async () => deliveries.length >= 300, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await connection.close();
    expect(deliveries).toHaveLength(300);
    expect(new Set(deliveries).size).toBe(300);
  });
});
