import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BACKEND_SERVICES, MEDIA_EVENTS } from '@platform/contracts';
import { connectEventConsumer, deadLetterQueueOf, runDeadLetterCommand } from '@platform/messaging';
import { type ServiceUnderTest, startServiceUnderTest, TestEventBroker } from '@platform/service-testing';
import { startTestTokenIssuer, type TestTokenIssuer, testAmqpUrl, waitFor } from '@platform/testing';
import sharp from 'sharp';
import { managementListenerOf } from '@platform/service-kit';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { MediaConfig, mediaQueues } from '../src/config/media.config';
import {
  deleteBrokerTopology,
  type FaultyLink,
  startFaultyLink,
  startObjectStore,
  startWorker,
  type TestObjectStore,
} from './media-test-kit';

const API = BACKEND_SERVICES.media.routePrefix;

/** The worker's storage goes away: retried with backoff, parked in the DLQ, replayed once it is back. */
describe('media worker when storage fails (real PostgreSQL, RabbitMQ, s3rver behind a cuttable link)', () => {
  let issuer: TestTokenIssuer;
  let store: TestObjectStore;
  let link: FaultyLink;
  let media: ServiceUnderTest<MediaConfig>;
  let worker: NestFastifyApplication;
  let instructor: { token: string };

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    store = await startObjectStore();
    link = await startFaultyLink(store.endpoint);
    media = await startServiceUnderTest({
      name: 'media_failures',
      routePrefix: API,
      configClass: MediaConfig,
      module: (config) => AppModule.forRoot(config),
      env: { ...issuer.env, ...store.env },
      connectConsumers: connectEventConsumer,
    });
    worker = await startWorker(media.config, {
      ...issuer.env,
      ...store.env,
      S3_ENDPOINT: link.endpoint,
      WORKER_MAX_ATTEMPTS: '3',
      WORKER_RETRY_BASE_MS: '100',
    });
    instructor = await issuer.user('instructor');
  });

  afterAll(async () => {
    const workerConfig = worker?.get(MediaConfig);
    await worker?.close();
    await media?.close();
    if (media) await deleteBrokerTopology(media.config, workerConfig);
    await link?.close();
    await store?.close();
    await issuer?.close();
  });

  const http = () => request(media.app.getHttpServer());
  const auth = () => ({ authorization: `Bearer ${instructor.token}` });
  const statusOf = async (id: string): Promise<string> =>
    (await http().get(`${API}/${id}`).set(auth()).expect(200)).body.status;

  it('retries a storage outage, parks the image in the DLQ, and processes it when replayed', async () => {
    const bytes = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#884422' } })
      .jpeg()
      .toBuffer();
    const ticket = (
      await http()
        .post(`${API}/uploads`)
        .set(auth())
        .send({ filename: 'c.jpg', contentType: 'image/jpeg', size: bytes.length, purpose: 'course-cover' })
        .expect(201)
    ).body;
    expect((await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: bytes })).status).toBe(200);

    link.cut();
    await http().post(`${API}/uploads/${ticket.id}/complete`).set(auth()).send({}).expect(200);
    const queue = mediaQueues(media.config).worker;
    const dlq = deadLetterQueueOf(queue);
    const broker = await TestEventBroker.connect(media.config.EVENTS_EXCHANGE);
    try {
      await waitFor(
        `the image in ${dlq} after 3 attempts`,
        async () => ((await broker.messageCount(dlq)) === 1 ? true : undefined),
        30_000,
      );
    } finally {
      await broker.close();
    }
    // Not failed: nothing is wrong with the image. It waits, visibly, for an operator.
    expect(await statusOf(ticket.id)).toBe('processing');
    const parked: string[] = [];
    expect(await runDeadLetterCommand(['list'], { amqpUrl: testAmqpUrl(), queue }, (line) => parked.push(line))).toBe(
      0,
    );
    const [line] = parked.filter((entry) => entry.includes(MEDIA_EVENTS.imageUploaded));
    expect(line).toMatch(/\tfailed=3\t/);
    expect(line).toMatch(/socket hang up|ECONNRESET|ECONNREFUSED|TimeoutError/);

    link.restore();
    expect(await runDeadLetterCommand(['replay-all'], { amqpUrl: testAmqpUrl(), queue }, () => undefined)).toBe(0);
    await waitFor('the replayed image to be ready', async () =>
      (await statusOf(ticket.id)) === 'ready' ? true : undefined,
    );

    const metrics = await request(managementListenerOf(worker).httpServer).get(`${API}-worker/metrics`).expect(200);
    expect(metrics.text).toMatch(/media_images_processed_total\{outcome="ready"\} [1-9]/);
    expect(metrics.text).toMatch(/messaging_dead_lettered_total\{type="media\.image\.uploaded"\} [1-9]/);
  });
});
