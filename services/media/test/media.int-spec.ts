import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BACKEND_SERVICES, CATALOG_EVENTS, MEDIA_EVENTS } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { createServiceApp, loadConfig } from '@platform/service-kit';
import { type ServiceUnderTest, startServiceUnderTest } from '@platform/service-testing';
import { startTestTokenIssuer, type TestTokenIssuer, testAmqpUrl, waitFor } from '@platform/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import S3rver from 's3rver';
import sharp from 'sharp';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { MediaConfig } from '../src/config/media.config';
import { WorkerModule } from '../src/worker.module';

const API = BACKEND_SERVICES.media.routePrefix;
type Caller = { id: string; token: string };

describe('media and its worker (real PostgreSQL, RabbitMQ, s3rver, HTTP)', () => {
  let issuer: TestTokenIssuer;
  let s3: S3rver;
  let s3Directory: string;
  let media: ServiceUnderTest<MediaConfig>;
  let worker: NestFastifyApplication;
  let broker: ChannelModel;
  let channel: Channel;
  const processed: Array<{ payload: { mediaId: string; status: string; reason: string | null } }> = [];
  let instructor: Caller, otherInstructor: Caller, learner: Caller;

  const http = () => request(media.app.getHttpServer());
  const as = (caller: Caller) => ({ authorization: `Bearer ${caller.token}` });

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    s3Directory = mkdtempSync(join(tmpdir(), 's3rver-'));
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Directory,
      configureBuckets: [{ name: 'media-test', configs: [] }],
    });
    const { port } = (await s3.run()) as { port: number };
    const s3Env = {
      S3_BUCKET: 'media-test',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      MULTIPART_THRESHOLD_BYTES: String(5 * 1024 * 1024),
      MULTIPART_PART_BYTES: String(5 * 1024 * 1024),
      MAX_IMAGE_PIXELS: '25000000',
    };
    media = await startServiceUnderTest({
      name: 'media',
      routePrefix: API,
      configClass: MediaConfig,
      module: (config) => AppModule.forRoot(config),
      env: { ...issuer.env, ...s3Env },
      connectConsumers: connectEventConsumer,
    });
    // The worker: same database and exchange, its own process entry in production.
    const workerConfig = loadConfig(MediaConfig, {
      ...process.env,
      ...media.config,
      ...issuer.env,
      ...s3Env,
      PORT: '0',
      LOG_LEVEL: 'silent',
    } as never);
    worker = await createServiceApp(WorkerModule.forRoot(workerConfig), {
      routePrefix: `${API}-worker`,
      title: 'media-worker',
      config: workerConfig,
    });
    connectEventConsumer(worker);
    await worker.startAllMicroservices();
    await worker.listen(0, '127.0.0.1');

    broker = await connect(testAmqpUrl());
    channel = await broker.createChannel();
    await channel.assertExchange(media.config.EVENTS_EXCHANGE, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, media.config.EVENTS_EXCHANGE, MEDIA_EVENTS.imageProcessed);
    await channel.consume(queue, (message) => message && processed.push(JSON.parse(message.content.toString())), {
      noAck: true,
    });
    [instructor, otherInstructor, learner] = [
      await issuer.user('instructor'),
      await issuer.user('instructor'),
      await issuer.user('learner'),
    ];
  });

  afterAll(async () => {
    await broker?.close();
    await worker?.close();
    await media?.close();
    await s3?.close();
    rmSync(s3Directory, { recursive: true, force: true });
    await issuer?.close();
  });

  async function upload(
    bytes: Buffer,
    declared: { contentType: string; size?: number; purpose?: string; filename?: string },
    caller = instructor,
  ) {
    const ticket = await http()
      .post(`${API}/uploads`)
      .set(as(caller))
      .send({
        filename: declared.filename ?? 'file',
        contentType: declared.contentType,
        size: declared.size ?? bytes.length,
        purpose: declared.purpose ?? 'course-cover',
      })
      .expect(201);
    const put = await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: bytes });
    expect(put.ok).toBe(true);
    return ticket.body as { id: string; uploadUrl: string; expiresAt: string };
  }

  const jpeg = (width = 1200, height = 800) =>
    sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();

  it('turns an uploaded cover into WebP variants served through short-lived presigned URLs', async () => {
    const bytes = await jpeg();
    const ticket = await upload(bytes, { contentType: 'image/jpeg', filename: '../../etc/passwd.jpg' });
    expect(new URL(ticket.uploadUrl).pathname).toMatch(
      new RegExp(`/media-test/course-cover/${ticket.id}/original\\.jpg$`),
    );
    const completed = await http()
      .post(`${API}/uploads/${ticket.id}/complete`)
      .set(as(instructor))
      .send({})
      .expect(200);
    expect(completed.body.status).toBe('processing');
    const ready = await waitFor(
      'variants',
      async () => {
        const body = (await http().get(`${API}/${ticket.id}`).set(as(learner)).expect(200)).body;
        return body.status === 'ready' ? body : undefined;
      },
      20_000,
    );
    expect(ready.variants.small).toMatchObject({ width: 200, height: 133 });
    expect(ready.variants.medium.width).toBe(800);
    const expires = Number(new URL(ready.variants.small.url).searchParams.get('X-Amz-Expires'));
    expect(expires).toBeGreaterThan(0);
    expect(expires).toBeLessThanOrEqual(600);
    const small = Buffer.from(await (await fetch(ready.variants.small.url)).arrayBuffer());
    const metadata = await sharp(small).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 200 });
    expect(metadata.exif).toBeUndefined();

    const redirect = await http().get(`${API}/${ticket.id}/file?variant=small`).expect(302);
    expect(redirect.headers.location).toContain('small.webp');
    await waitFor('media.image.processed', async () =>
      processed.find((e) => e.payload.mediaId === ticket.id && e.payload.status === 'ready'),
    );
  });

  it('refuses a spoofed type and a size lie, deleting the object', async () => {
    const text = Buffer.from('<html><script>alert(1)</script></html>'.padEnd(200, ' '));
    const spoofed = await upload(text, { contentType: 'image/png' });
    const refused = await http().post(`${API}/uploads/${spoofed.id}/complete`).set(as(instructor)).send({}).expect(400);
    expect(refused.body.message).toMatch(/not image\/png/);
    expect((await fetch(spoofed.uploadUrl.replace(/\?.*$/, ''))).status).not.toBe(200);

    const bytes = await jpeg(300, 200);
    const liar = await upload(bytes, { contentType: 'image/jpeg', size: bytes.length + 10 }).catch(() => undefined);
    if (liar) {
      const lie = await http().post(`${API}/uploads/${liar.id}/complete`).set(as(instructor)).send({}).expect(400);
      expect(lie.body.message).toMatch(/bytes, not the/);
    }
  });

  it('checks type, size and role before handing out an upload URL', async () => {
    const base = { filename: 'a', contentType: 'image/png', size: 100, purpose: 'course-cover' };
    await http().post(`${API}/uploads`).set(as(learner)).send(base).expect(403);
    await http().post(`${API}/uploads`).send(base).expect(401);
    await http()
      .post(`${API}/uploads`)
      .set(as(instructor))
      .send({ ...base, contentType: 'image/svg+xml' })
      .expect(415);
    await http()
      .post(`${API}/uploads`)
      .set(as(instructor))
      .send({ ...base, contentType: 'video/mp4' })
      .expect(415);
    await http()
      .post(`${API}/uploads`)
      .set(as(instructor))
      .send({ ...base, size: 50 * 1024 * 1024 })
      .expect(413);
    await http()
      .post(`${API}/uploads`)
      .set(as(instructor))
      .send({ ...base, purpose: 'avatar' })
      .expect(400);
    await http()
      .post(`${API}/uploads`)
      .set(as(instructor))
      .send({ ...base, size: -1 })
      .expect(400);
    await http().get(`${API}/not-a-uuid`).set(as(learner)).expect(400);
  });

  it('fails a decompression bomb with a reason, and the worker keeps going', async () => {
    const bomb = await sharp({ create: { width: 6000, height: 6000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const bombTicket = await upload(bomb, { contentType: 'image/png' });
    await http().post(`${API}/uploads/${bombTicket.id}/complete`).set(as(instructor)).send({}).expect(200);
    const failed = await waitFor(
      'the bomb to fail',
      async () => {
        const body = (await http().get(`${API}/${bombTicket.id}`).set(as(instructor))).body;
        return body.status === 'failed' ? body : undefined;
      },
      20_000,
    );
    expect(failed.failureReason).toMatch(/pixel/i);

    const next = await upload(await jpeg(400, 300), { contentType: 'image/jpeg' });
    await http().post(`${API}/uploads/${next.id}/complete`).set(as(instructor)).send({}).expect(200);
    await waitFor(
      'the next image',
      async () => (await http().get(`${API}/${next.id}`).set(as(instructor))).body.status === 'ready',
      20_000,
    );
  });

  it('lets only the owner complete and delete, and deletes covers catalog no longer uses', async () => {
    const ticket = await upload(await jpeg(300, 200), { contentType: 'image/jpeg' });
    await http().post(`${API}/uploads/${ticket.id}/complete`).set(as(otherInstructor)).send({}).expect(403);
    await http().post(`${API}/uploads/${ticket.id}/complete`).set(as(instructor)).send({}).expect(200);
    await http().post(`${API}/uploads/${ticket.id}/complete`).set(as(instructor)).send({}).expect(409);
    await waitFor(
      'ready',
      async () => (await http().get(`${API}/${ticket.id}`).set(as(instructor))).body.status === 'ready',
      20_000,
    );
    await http().delete(`${API}/${ticket.id}`).set(as(otherInstructor)).expect(403);
    await http().delete(`${API}/${ticket.id}`).set(as(learner)).expect(403);

    const envelope = {
      id: crypto.randomUUID(),
      type: CATALOG_EVENTS.courseCoverChanged,
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: 'test',
      source: 'catalog',
      payload: { courseId: crypto.randomUUID(), mediaId: null, previousMediaId: ticket.id },
    };
    channel.publish(media.config.EVENTS_EXCHANGE, envelope.type, Buffer.from(JSON.stringify(envelope)));
    await waitFor(
      'the replaced cover to be deleted',
      async () => (await http().get(`${API}/${ticket.id}`).set(as(instructor))).status === 404,
      20_000,
    );

    const own = await upload(await jpeg(300, 200), { contentType: 'image/jpeg' });
    await http().delete(`${API}/${own.id}`).set(as(instructor)).expect(204);
    await http().get(`${API}/${own.id}`).set(as(instructor)).expect(404);
  });

  it('uploads a large video in parts that can be retried', async () => {
    const size = 6 * 1024 * 1024;
    const video = Buffer.alloc(size, 1);
    Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom')]).copy(video, 0);
    const ticket = await http()
      .post(`${API}/uploads`)
      .set(as(instructor))
      .send({ filename: 'talk.mp4', contentType: 'video/mp4', size, purpose: 'lesson-video' })
      .expect(201);
    expect(ticket.body.parts).toHaveLength(2);
    const partSize = ticket.body.partSize as number;
    const etags = [];
    for (const part of ticket.body.parts as Array<{ partNumber: number; url: string }>) {
      const body = video.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize);
      await fetch(part.url, { method: 'PUT', body }); // a first try that the client retries
      const response = await fetch(part.url, { method: 'PUT', body });
      expect(response.ok).toBe(true);
      etags.push({ partNumber: part.partNumber, etag: response.headers.get('etag')! });
    }
    await http().post(`${API}/uploads/${ticket.body.id}/complete`).set(as(instructor)).send({}).expect(400);
    const done = await http()
      .post(`${API}/uploads/${ticket.body.id}/complete`)
      .set(as(instructor))
      .send({ parts: etags })
      .expect(200);
    expect(done.body.status).toBe('ready');
  });
});
