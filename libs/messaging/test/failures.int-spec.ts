import { randomUUID } from 'node:crypto';
import { createTestDatabase, TcpProxy, testAmqpUrl, type TestDatabase, waitFor } from '@platform/testing';
import { MEDIA_EVENTS } from '@platform/contracts';
import { connect } from 'amqplib';
import { deadLetterQueueOf, messagingTopology, runDeadLetterCommand } from '../src';
import {
  counterValue,
  deleteTopology,
  DTO_EVENT,
  type MessagingTestApp,
  type MessagingTestSetup,
  publishRaw,
  queueDepth,
  startMessagingApp,
  tapExchange,
  TEST_EVENT,
  TEST_QUEUE,
  testMessagingOptions,
} from './messaging-harness';

const amqpUrl = testAmqpUrl();

describe('failures: retries, dead letters, shutdown (real PostgreSQL and RabbitMQ)', () => {
  let database: TestDatabase;
  let namespace: string;
  let apps: MessagingTestApp[] = [];

  beforeEach(async () => {
    database = await createTestDatabase('messaging_failures');
    namespace = `test-${randomUUID().slice(0, 8)}`;
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await deleteTopology(amqpUrl, testMessagingOptions({ databaseName: database.name, amqpUrl, namespace }));
    await database.drop();
  });

  async function start(
    options: Partial<Omit<MessagingTestSetup, 'databaseName' | 'namespace'>> = {},
  ): Promise<MessagingTestApp> {
    const app = await startMessagingApp({
      createSchema: apps.length === 0,
      amqpUrl,
      ...options,
      databaseName: database.name,
      namespace,
    });
    apps.push(app);
    return app;
  }

  it('retries transient failures, parks poison and invalid messages in the DLQ with the reason, and keeps the queue flowing', async () => {
    const app = await start({ maxAttempts: 3 });
    const { exchange, queues } = messagingTopology(app.options);
    const dlq = deadLetterQueueOf(queues[0]);
    const deadLetteredBefore = await counterValue('messaging_dead_lettered_total');
    const [flaky, poison, permanent] = await app.record([
      { key: 'flaky', failUntilAttempt: 2 },
      { key: 'poison', failUntilAttempt: 99 },
      { key: 'permanent', permanent: true },
    ]);
    const [badDto] = await app.record([{ name: 5, count: -1 }], DTO_EVENT);
    await app.record([{ name: 'ok', count: 2 }], DTO_EVENT);
    await publishRaw(amqpUrl, exchange, 'not json at all', 'garbage-1');
    await publishRaw(amqpUrl, exchange, JSON.stringify({ id: 'nope', type: TEST_EVENT, payload: {} }), 'garbage-2');
    await app.record([{ key: 'healthy' }]);

    await waitFor('5 messages in the DLQ', async () => (await queueDepth(amqpUrl, dlq)) === 5, 20_000, 100);
    expect(await counterValue('messaging_dead_lettered_total')).toBe(deadLetteredBefore + 5);
    // The queue kept flowing around the failures.
    expect(await app.applied('healthy')).toBe(1);
    expect(await app.applied('dto:ok:2')).toBe(1);
    // A failed attempt left nothing behind (the injected EntityManager was in the rolled-back transaction).
    expect(app.hooks.ran('flaky')).toBe(2);
    expect(await app.applied('flaky')).toBe(1);
    // Poison: every attempt, then parked; invalid input: parked at once.
    expect(app.hooks.ran('poison')).toBe(3);
    expect(app.hooks.ran('permanent')).toBe(1);
    expect(await app.applied('poison')).toBe(0);

    const lines: string[] = [];
    const print = (line: string): number => lines.push(line);
    const dlqOptions = { amqpUrl, queue: TEST_QUEUE, namespace };
    expect(await runDeadLetterCommand(['list'], dlqOptions, print)).toBe(0);
    const listing = lines.join('\n');
    expect(listing).toContain(`${poison}\t${TEST_EVENT}\tfailed=3`);
    expect(listing).toMatch(/transient failure on attempt 3/);
    expect(listing).toContain(`${permanent}\t${TEST_EVENT}\tfailed=1`);
    expect(listing).toMatch(/this payload can never be applied/);
    expect(listing).toContain(badDto);
    expect(listing).toMatch(/name must be a string/);
    expect(listing).toMatch(/garbage-1.*body is not JSON/);
    expect(listing).toMatch(/garbage-2.*id must be a uuid/);
    expect(listing).toContain('5 message(s)');
    expect(listing).not.toContain(flaky);

    lines.length = 0;
    expect(await runDeadLetterCommand(['show', poison], dlqOptions, print)).toBe(0);
    const shown = JSON.parse(lines.join('\n'));
    expect(shown.body.payload).toEqual({ key: 'poison', failUntilAttempt: 99 });
    expect(shown.properties.headers).toMatchObject({
      'x-last-error': 'transient failure on attempt 3',
      'x-original-routing-key': TEST_EVENT,
    });
    expect(await runDeadLetterCommand(['show', randomUUID()], dlqOptions, () => undefined)).toBe(1);
    expect(await runDeadLetterCommand(['replay'], dlqOptions, () => undefined)).toBe(2);
    // A consumer that never ran on this broker has no DLQ: said plainly, not a crash.
    const missing: string[] = [];
    const neverStarted = { ...dlqOptions, queue: `never-started-${randomUUID()}` };
    expect(await runDeadLetterCommand(['list'], neverStarted, (line) => missing.push(line))).toBe(1);
    expect(missing.join('\n')).toMatch(/^no queue \S*never-started-\S*\.dlq on this broker/);
    expect(await queueDepth(amqpUrl, dlq)).toBe(5); // looking leaves everything in place

    // The cause is fixed: a replay applies it, with a fresh attempt count, exactly once.
    app.hooks.healed.add('poison');
    expect(await runDeadLetterCommand(['replay', poison], dlqOptions, () => undefined)).toBe(0);
    await waitFor('the replayed message to be applied', async () => (await app.applied('poison')) === 1, 10_000);
    expect(await queueDepth(amqpUrl, dlq)).toBe(4);

    // Replaying what is still invalid just parks it again.
    expect(await runDeadLetterCommand(['replay-all'], dlqOptions, () => undefined)).toBe(0);
    await waitFor('the invalid ones back in the DLQ', async () => (await queueDepth(amqpUrl, dlq)) === 4, 10_000, 100);
    expect(await app.applied('poison')).toBe(1);
    expect(await app.duplicates()).toEqual([]);
  });

  it("parses a platform event's payload by its contract schema before dispatch: a wrong one is dead-lettered at once, its problems named", async () => {
    const app = await start({ maxAttempts: 3 });
    const dlq = `${messagingTopology(app.options).queues[0]}.dlq`;
    const ownerId = randomUUID();
    const goodId = randomUUID();
    const [bad] = await app.record([{ mediaId: 'not-a-uuid', ownerId }], MEDIA_EVENTS.mediaDeleted);
    await app.record([{ mediaId: goodId, ownerId }], MEDIA_EVENTS.mediaDeleted);

    await waitFor('the malformed event in the DLQ', async () => (await queueDepth(amqpUrl, dlq)) === 1, 20_000, 100);
    await waitFor('the well-formed one applied', async () => (await app.applied(`contract:${goodId}`)) === 1, 10_000);
    // The handler never saw the malformed payload, and it was not retried.
    expect(app.hooks.ran('contract:not-a-uuid')).toBe(0);
    const lines: string[] = [];
    expect(
      await runDeadLetterCommand(['show', bad], { amqpUrl, queue: TEST_QUEUE, namespace }, (line) => lines.push(line)),
    ).toBe(0);
    expect(JSON.parse(lines.join('\n')).properties.headers).toMatchObject({
      'x-last-error': 'invalid media.media.deleted payload: mediaId: must be a uuid',
      'x-attempt': 2,
    });
  });

  it('stops taking deliveries at shutdown but lets the in-flight handler finish and ack', async () => {
    const app = await start();
    const other = await start({ consume: false, relay: false, createSchema: false });
    const queue = messagingTopology(app.options).queues[0];
    await app.record([{ key: 'slow', slowMs: 1_500 }]);
    await waitFor('the slow handler to start', async () => app.hooks.ran('slow') === 1);
    apps = apps.filter((candidate) => candidate !== app);
    const closing = app.close();
    // Recorded while the app shuts down: its relay still publishes it, its consumer no longer takes it.
    await other.record([{ key: 'late' }]);
    await closing;

    expect(await other.applied('slow')).toBe(1);
    expect(app.hooks.ran('late')).toBe(0);
    await waitFor('the late event to wait in the queue', async () => (await queueDepth(amqpUrl, queue)) === 1);
    // The slow one was acked, not left for a redelivery; the next consumer takes the late one.
    const next = await start({ createSchema: false });
    await waitFor('the late event to be applied by the next consumer', async () => (await next.applied('late')) === 1);
    expect(next.hooks.ran('slow')).toBe(0);
    expect(await queueDepth(amqpUrl, queue)).toBe(0);
  });

  it('publishes at shutdown what is still in the outbox, though Nest closes the ORM before the relay stops', async () => {
    // No poll before the shutdown, and a row written without NOTIFY: only the relay's last pass can send it.
    const app = await start({ consume: false, relayPollIntervalMs: 600_000 });
    const other = await start({ consume: false, relay: false, createSchema: false });
    const tap = await tapExchange(amqpUrl, messagingTopology(app.options).exchange, TEST_EVENT);
    try {
      const id = randomUUID();
      await other.query(
        `insert into outbox_message (id, type, version, payload, correlation_id, source, occurred_at, attempts)
         values ('${id}', '${TEST_EVENT}', 1, '{"key":"at-shutdown"}', 'shutdown-test', 'messaging-test', now(), 0)`,
      );
      apps = apps.filter((candidate) => candidate !== app);
      await app.close();

      const [row] = await other.query(`select published_at from outbox_message where id = '${id}'`);
      expect(row.published_at).not.toBeNull();
      await waitFor('the event on the exchange', async () => tap.messages.some((m) => m.properties.messageId === id));
    } finally {
      await tap.close();
    }
  });

  it('stops promptly while a relay pass waits for a broker that stopped answering, and the unconfirmed events are published later, each applied once', async () => {
    const broker = new URL(amqpUrl);
    const proxy = await new TcpProxy({ host: broker.hostname, port: Number(broker.port || 5672) }).start();
    try {
      const app = await start({
        consume: false,
        amqpUrl: amqpUrl.replace(broker.host, `127.0.0.1:${proxy.port}`),
      });
      await waitFor('the publisher channel to be open', async () => (await app.brokerNotReady()) === undefined);
      const publishedBefore = await counterValue('messaging_published_total');
      proxy.hold();
      await app.record(Array.from({ length: 20 }, (_, i) => ({ key: `held-${i}` })));
      await waitFor('a pass to publish and wait for confirms', async () => {
        return (await counterValue('messaging_published_total')) >= publishedBefore + 20;
      });
      apps = apps.filter((candidate) => candidate !== app);
      const stopping = Date.now();
      await app.close();
      const stopMs = Date.now() - stopping;
      // Still holding: the connection whose close the broker never answered is dropped, not left open.
      await waitFor('the service to drop its broker connection', async () => proxy.openConnections() === 0, 2_000);
      proxy.release();

      // Bounded by the confirm grace (1 s) and the close timeout (2 s), not by the broker answering.
      expect(stopMs).toBeLessThan(6_000);
      // Claimed but never confirmed: not stamped, so the next relay publishes them again.
      const next = await start({ createSchema: false });
      await waitFor('every held event to be applied', async () => (await next.applied()) === 20, 20_000, 100);
      const [{ pending }] = await next.query(
        'select count(*)::int as pending from outbox_message where published_at is null',
      );
      expect(pending).toBe(0);
      expect(await next.duplicates()).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });

  it('refuses to start, with the broker reason, when its queues exist with other settings', async () => {
    // Someone declared the first retry queue with another TTL: start-up must fail, not hang.
    const retryQueue = messagingTopology(testMessagingOptions({ databaseName: '', amqpUrl, namespace })).queues[1];
    const connection = await connect(amqpUrl);
    const channel = await connection.createChannel();
    await channel.assertQueue(retryQueue, { durable: true, arguments: { 'x-message-ttl': 5 } });
    await connection.close();

    await expect(start()).rejects.toThrow(/PRECONDITION_FAILED.*x-message-ttl/);
  });
});
