import { randomUUID } from 'node:crypto';
import { createTestDatabase, TcpProxy, testAmqpUrl, type TestDatabase, waitFor } from '@platform/testing';
import { connect } from 'amqplib';
import { MikroORM } from '@mikro-orm/core';
import { messagingTopology, Outbox } from '../src';
import {
  counterValue,
  deleteTopology,
  type MessagingTestApp,
  type MessagingTestSetup,
  queueDepth,
  startMessagingApp,
  tapExchange,
  TEST_EVENT,
  testMessagingOptions,
  WILDCARD_EVENT,
} from './messaging-harness';

const amqpUrl = testAmqpUrl();
const broker = (() => {
  const url = new URL(amqpUrl);
  return { host: url.hostname, port: Number(url.port || 5672) };
})();
const mainQueue = (app: MessagingTestApp): string => messagingTopology(app.options).queues[0];
const keys = (prefix: string, count: number): Array<{ key: string }> =>
  Array.from({ length: count }, (_, i) => ({ key: `${prefix}-${i}` }));

describe('delivery: outbox → RabbitMQ → consumer, exactly once (real PostgreSQL and RabbitMQ)', () => {
  let database: TestDatabase;
  let namespace: string;
  const apps: MessagingTestApp[] = [];
  let proxy: TcpProxy | undefined;

  beforeEach(async () => {
    database = await createTestDatabase('messaging_delivery');
    namespace = `test-${randomUUID().slice(0, 8)}`;
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await proxy?.stop();
    proxy = undefined;
    await deleteTopology(amqpUrl, testMessagingOptions({ databaseName: database.name, amqpUrl, namespace }));
    await database.drop();
  });

  async function start(
    options: Partial<Omit<MessagingTestSetup, 'databaseName' | 'namespace'>> & { viaProxy?: boolean } = {},
  ): Promise<MessagingTestApp> {
    const url = options.viaProxy
      ? amqpUrl.replace(`${broker.host}:${broker.port}`, `127.0.0.1:${proxy!.port}`)
      : amqpUrl;
    const app = await startMessagingApp({
      createSchema: apps.length === 0,
      ...options,
      amqpUrl: url,
      databaseName: database.name,
      namespace,
    });
    apps.push(app);
    return app;
  }

  it('publishes on commit with the full envelope, wakes relays in other processes at once, and keeps the correlation id', async () => {
    // The consuming process polls the outbox only once a minute: a prompt delivery proves LISTEN/NOTIFY.
    const consumer = await start({ relayPollIntervalMs: 60_000 });
    const recorder = await start({ consume: false, relay: false });
    await waitFor('the relay to LISTEN', async () => consumer.relay.isListening());
    const { exchange } = messagingTopology(consumer.options);
    const tap = await tapExchange(amqpUrl, exchange);
    const confirmedBefore = await counterValue('messaging_confirmed_total', { type: TEST_EVENT });
    const appliedBefore = await counterValue('messaging_consumed_total', { type: TEST_EVENT, outcome: 'applied' });
    try {
      const started = Date.now();
      const [id] = await recorder.record([{ key: 'hello' }], TEST_EVENT, 'corr-hello');
      await waitFor('the event to be applied', async () => (await consumer.applied('hello')) === 1, 20_000);
      // Well before the consumer's next poll (60 s): NOTIFY woke its relay. (Usually ~50 ms; the
      // margin is for a busy machine.)
      expect(Date.now() - started).toBeLessThan(20_000);

      await waitFor('the tap to see it', async () => tap.messages.length === 1);
      const [message] = tap.messages;
      expect(message.properties).toMatchObject({
        messageId: id,
        type: TEST_EVENT,
        correlationId: 'corr-hello',
        contentType: 'application/json',
        deliveryMode: 2,
        appId: 'messaging-test',
      });
      expect(typeof message.properties.timestamp).toBe('number');
      const envelope = JSON.parse(message.content.toString('utf8'));
      expect(envelope).toEqual({
        id,
        type: TEST_EVENT,
        version: 1,
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        correlationId: 'corr-hello',
        source: 'messaging-test',
        payload: { key: 'hello' },
      });
      // The handler ran with the event's correlation id (what the pino mixin puts in its log lines).
      const rows = await consumer.query(`select correlation_id from applied_event where key = 'hello'`);
      expect(rows).toEqual([{ correlation_id: 'corr-hello' }]);
      expect(await consumer.brokerNotReady()).toBeUndefined();
      expect(await counterValue('messaging_confirmed_total', { type: TEST_EVENT })).toBe(confirmedBefore + 1);
      expect(await counterValue('messaging_consumed_total', { type: TEST_EVENT, outcome: 'applied' })).toBe(
        appliedBefore + 1,
      );
    } finally {
      await tap.close();
    }
  });

  it('wakes the relay after a plain flush too (no explicit transaction)', async () => {
    const consumer = await start({ relayPollIntervalMs: 60_000 });
    const recorder = await start({ consume: false, relay: false });
    await waitFor('the relay to LISTEN', async () => consumer.relay.isListening());
    await recorder.recordByFlush({ key: 'flushed' });
    await waitFor('the event to be applied', async () => (await consumer.applied('flushed')) === 1, 20_000);
  });

  it("wakes the recording process's own relay at the commit (transaction, flush, nested transaction); a rollback publishes nothing", async () => {
    // No poll and no other process: only the commit's wake-up of this relay can publish them in time.
    const app = await start({ consume: false, relayPollIntervalMs: 600_000 });
    await waitFor('the relay to LISTEN', async () => app.relay.isListening());
    const tap = await tapExchange(amqpUrl, messagingTopology(app.options).exchange);
    try {
      const orm = app.app.get(MikroORM);
      const outbox = app.app.get(Outbox);
      await expect(
        orm.em.fork().transactional(async (em) => {
          outbox.record(em, TEST_EVENT, { key: 'rolled-back' } as never);
          await em.flush();
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await app.record([{ key: 'in-transaction' }]);
      await app.recordByFlush({ key: 'by-flush' });
      // A nested transaction (a savepoint) records too: its NOTIFY is delivered at the outer commit.
      await orm.em
        .fork()
        .transactional((em) =>
          em.transactional(async (inner) => outbox.record(inner, TEST_EVENT, { key: 'nested' } as never)),
        );
      const keys = (): string[] => tap.messages.map((message) => JSON.parse(message.content.toString()).payload.key);
      await waitFor('the three committed events on the exchange', async () => keys().length === 3, 20_000);
      expect(keys().sort()).toEqual(['by-flush', 'in-transaction', 'nested']);
    } finally {
      await tap.close();
    }
  });

  it('binds topic patterns of handlers and routes matching events to them', async () => {
    const app = await start();
    await app.record([{}], WILDCARD_EVENT);
    await waitFor('the wildcard handler', async () => (await app.applied(`wild:${WILDCARD_EVENT}`)) === 1);
  });

  it('delivers every event recorded during a broker outage afterwards, each applied exactly once', async () => {
    proxy = await new TcpProxy(broker).start();
    const app = await start({ viaProxy: true });
    await app.record(keys('before', 100));
    await waitFor('the stream to be flowing', async () => (await app.applied()) >= 20, 15_000);

    proxy.cut(); // mid-stream: publishes unconfirmed, deliveries unacked, handlers running
    await app.record(keys('during', 50));
    await waitFor('readiness to report the broker down', async () => await app.brokerNotReady());
    // What the outbox-age alert watches: the backlog and the age of its oldest event, as scraped.
    await waitFor(
      'the scraped outbox backlog and its age to grow',
      async () =>
        (await counterValue('messaging_outbox_pending_events')) >= 50 &&
        (await counterValue('messaging_outbox_oldest_pending_age_seconds')) > 0,
      15_000,
      200,
    );
    proxy.restore();
    await app.record(keys('after', 20));

    await waitFor('all 170 events to be applied', async () => (await app.applied()) >= 170, 30_000, 200);
    await waitFor('readiness to recover', async () => (await app.brokerNotReady()) === undefined, 10_000);
    await waitFor('the queue to be empty', async () => (await queueDepth(amqpUrl, mainQueue(app))) === 0);
    expect(await app.applied()).toBe(170);
    expect(await app.duplicates()).toEqual([]);
    await waitFor(
      'the scraped outbox backlog to be empty again',
      async () =>
        (await counterValue('messaging_outbox_pending_events')) === 0 &&
        (await counterValue('messaging_outbox_oldest_pending_age_seconds')) === 0,
      15_000,
      200,
    );
  });

  it('applies a message once when the consumer dies between its commit and its ack', async () => {
    proxy = await new TcpProxy(broker).start();
    const app = await start({ viaProxy: true });
    const duplicatesBefore = await counterValue('messaging_consumed_total', { outcome: 'duplicate' });
    let crashes = 0;
    app.hooks.onCrash = () => {
      crashes++;
      proxy!.cut(); // the connection dies instead of acking: the broker redelivers
      setTimeout(() => proxy!.restore(), 300);
    };
    const [id] = await app.record([{ key: 'crash', crashAfterCommit: true }]);
    await waitFor('the crash', async () => crashes === 1, 10_000);
    const published = await waitFor(
      'the event to be published for good',
      async () => {
        const [row] = await app.query(`select published_at, attempts from outbox_message where id = '${id}'`);
        return row?.published_at ? row : undefined;
      },
      20_000,
      100,
    );
    // One duplicate for the redelivery, and one for each publish whose confirm the cut lost (the
    // broker may deliver a message before it confirms it): the relay published it again.
    const duplicatesExpected = duplicatesBefore + 1 + Number(published.attempts);
    const duplicates = () => counterValue('messaging_consumed_total', { outcome: 'duplicate' });
    await waitFor('every copy to be recognised', async () => (await duplicates()) >= duplicatesExpected, 20_000, 100);
    await waitFor('the queue to be drained', async () => (await queueDepth(amqpUrl, mainQueue(app))) === 0);
    // Recognised by the inbox: the handler did not run a second time.
    expect(app.hooks.ran('crash')).toBe(1);
    expect(await app.applied('crash')).toBe(1);
    expect(await duplicates()).toBe(duplicatesExpected);
  });

  it('reopens channels the broker closes on their own: a deleted queue and a deleted exchange', async () => {
    const app = await start();
    const { exchange, queues } = messagingTopology(app.options);
    const connection = await connect(amqpUrl);
    try {
      const channel = await connection.createChannel();
      // The queue goes: the broker cancels the consumer, which re-declares the queue and its bindings.
      await channel.deleteQueue(queues[0]);
      await waitFor('the queue to be declared again', async () => {
        const probe = await connection.createChannel();
        probe.on('error', () => undefined);
        return probe.checkQueue(queues[0]).then(
          () => probe.close().then(() => true),
          () => false,
        );
      });
      await waitFor('readiness', async () => (await app.brokerNotReady()) === undefined);
      await app.record([{ key: 'after-queue-deleted' }]);
      await waitFor('the event to be applied', async () => (await app.applied('after-queue-deleted')) === 1);

      // The exchange goes: the relay's publish closes its channel (404), which reopens and
      // re-declares the exchange; the row is published on a later pass.
      await channel.deleteExchange(exchange);
      const [id] = await app.record([{ key: 'after-exchange-deleted' }]);
      const published = await waitFor(
        'the event to be published after all',
        async () => {
          const [row] = await app.query(`select published_at, attempts from outbox_message where id = '${id}'`);
          return row?.published_at ? row : undefined;
        },
        15_000,
        100,
      );
      expect(published.attempts).toBeGreaterThanOrEqual(1); // the first try died with its channel
      await waitFor('readiness', async () => (await app.brokerNotReady()) === undefined);
    } finally {
      await connection.close();
    }
  });

  it('lets two relays drain one outbox without publishing any event twice', async () => {
    const recorder = await start({ consume: false, relay: false });
    const { exchange } = messagingTopology(recorder.options);
    const tap = await tapExchange(amqpUrl, exchange, TEST_EVENT);
    try {
      const ids = [...(await recorder.record(keys('bulk-a', 250))), ...(await recorder.record(keys('bulk-b', 250)))];
      const relays = await Promise.all([
        start({ consume: false, createSchema: false }),
        start({ consume: false, createSchema: false }),
      ]);
      // Both drain as hard as they can at once (besides their own NOTIFY- and poll-driven passes).
      const published = await Promise.all(relays.map((relay) => relay.relay.drain()));
      await waitFor('500 publications', async () => tap.messages.length >= 500, 20_000);
      // A duplicate would be published before its row is stamped: once every row is stamped and the
      // tap's queue is empty, all that was ever published has arrived.
      await waitFor('every row stamped and the tap drained', async () => {
        const [{ unpublished }] = await recorder.query(
          'select count(*)::int as unpublished from outbox_message where published_at is null',
        );
        return unpublished === 0 && (await tap.depth()) === 0;
      });
      const seen = tap.messages.map((message) => String(message.properties.messageId));
      expect(seen).toHaveLength(500);
      expect(new Set(seen)).toEqual(new Set(ids));
      expect(published[0] + published[1]).toBeLessThanOrEqual(500);
    } finally {
      await tap.close();
    }
  });
});
