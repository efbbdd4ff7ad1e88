import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BACKEND_SERVICES, CATALOG_EVENTS, type EventEnvelope, MEDIA_EVENTS, mediaFilePath } from '@platform/contracts';
import { connectEventConsumer, deadLetterQueueOf } from '@platform/messaging';
import { type ServiceUnderTest, startServiceUnderTest, TestEventBroker } from '@platform/service-testing';
import { startTestTokenIssuer, type TestTokenIssuer, waitFor } from '@platform/testing';
import sharp from 'sharp';
import { managementListenerOf } from '@platform/service-kit';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { MediaConfig, mediaQueues } from '../src/config/media.config';
import {
  decompressionBomb,
  deleteBrokerTopology,
  mp4File,
  presignedUrlAllows,
  startObjectStore,
  startWorker,
  type TestObjectStore,
} from './media-test-kit';

const API = BACKEND_SERVICES.media.routePrefix;
type Caller = { id: string; token: string };
type Ticket = { id: string; uploadUrl: string; method: string; headers: Record<string, string>; expiresAt: string };
type ProcessedEvent = EventEnvelope<string, { mediaId: string; status: string; reason: string | null }>;

describe('media and its worker (real PostgreSQL, RabbitMQ, s3rver, HTTP)', () => {
  let issuer: TestTokenIssuer;
  let store: TestObjectStore;
  let media: ServiceUnderTest<MediaConfig>;
  let worker: NestFastifyApplication;
  let broker: TestEventBroker<ProcessedEvent>;
  let instructor: Caller, otherInstructor: Caller, learner: Caller, admin: Caller;

  const http = () => request(media.app.getHttpServer());
  const as = (caller: Caller) => ({ authorization: `Bearer ${caller.token}` });
  const objectUrl = (key: string) => `${store.endpoint}/${media.config.S3_BUCKET}/${key}`;
  /** Whether an object exists (s3rver answers unsigned requests). */
  const stored = async (key: string) => (await fetch(objectUrl(key), { method: 'HEAD' })).status !== 404;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    store = await startObjectStore();
    const env = {
      ...issuer.env,
      ...store.env,
      MULTIPART_THRESHOLD_BYTES: String(5 * 1024 * 1024),
      MULTIPART_PART_BYTES: String(5 * 1024 * 1024),
      MAX_IMAGE_PIXELS: '25000000',
    };
    media = await startServiceUnderTest({
      name: 'media',
      routePrefix: API,
      configClass: MediaConfig,
      module: (config) => AppModule.forRoot(config),
      env,
      connectConsumers: connectEventConsumer,
    });
    worker = await startWorker(media.config, env);

    broker = await TestEventBroker.connect<ProcessedEvent>(media.config.EVENTS_EXCHANGE);
    await broker.tap(MEDIA_EVENTS.imageProcessed, MEDIA_EVENTS.mediaDeleted);
    [instructor, otherInstructor, learner, admin] = await Promise.all([
      issuer.user('instructor'),
      issuer.user('instructor'),
      issuer.user('learner'),
      issuer.user('admin'),
    ]);
  });

  afterAll(async () => {
    const workerConfig = worker?.get(MediaConfig);
    await broker?.close();
    await worker?.close();
    await media?.close();
    if (media) await deleteBrokerTopology(media.config, workerConfig);
    await store?.close();
    await issuer?.close();
  });

  async function requestUpload(
    declared: { contentType: string; size: number; purpose?: string; filename?: string },
    caller = instructor,
  ): Promise<Ticket> {
    const ticket = await http()
      .post(`${API}/uploads`)
      .set(as(caller))
      .send({ filename: 'file', purpose: 'course-cover', ...declared })
      .expect(201);
    return ticket.body as Ticket;
  }

  /** What a browser does: ask for a ticket, then PUT the bytes straight to storage. */
  async function upload(
    bytes: Buffer,
    declared: { contentType: string; size?: number; purpose?: string; filename?: string },
    caller = instructor,
  ): Promise<Ticket> {
    const ticket = await requestUpload({ size: bytes.length, ...declared }, caller);
    const put = await fetch(ticket.uploadUrl, { method: ticket.method, headers: ticket.headers, body: bytes });
    expect(put.status).toBe(200);
    return ticket;
  }

  const complete = (id: string, caller = instructor, body: object = {}) =>
    http().post(`${API}/uploads/${id}/complete`).set(as(caller)).send(body);

  async function settled(id: string): Promise<Record<string, any>> {
    return waitFor(
      `media ${id} to be processed`,
      async () => {
        const body = (await http().get(`${API}/${id}`).set(as(instructor)).expect(200)).body;
        return ['ready', 'failed'].includes(body.status) ? body : undefined;
      },
      20_000,
    );
  }

  const jpeg = (width = 1200, height = 800) =>
    sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();

  /** Publishes an event as catalog would (confirmed); answers its message id. */
  const publish = (type: string, payload: unknown, id?: string): Promise<string> =>
    broker.publish(type, payload, { id });

  /** Waits until media's consumer applied the message (its inbox holds the id). */
  const applied = (messageId: string) =>
    waitFor(`message ${messageId} to be applied`, async () =>
      (
        await media.orm.em
          .fork()
          .getConnection()
          .execute('select 1 from inbox_message where message_id = ?', [messageId])
      ).length > 0
        ? true
        : undefined,
    );

  /** catalog's word on which media a course uses at a revision, applied by media before this resolves. */
  async function courseUses(
    change: {
      courseId: string;
      revision: number;
      published: boolean;
      instructorId?: string;
      coverMediaId?: string | null;
      videoMediaIds?: string[];
      captionMediaIds?: string[];
      imageMediaIds?: string[];
    },
    messageId = randomUUID(),
  ): Promise<void> {
    await publish(
      CATALOG_EVENTS.courseMediaChanged,
      {
        instructorId: instructor.id,
        coverMediaId: null,
        videoMediaIds: [],
        captionMediaIds: [],
        imageMediaIds: [],
        ...change,
      },
      messageId,
    );
    await applied(messageId);
  }

  const dlqHolds = (queue: string, type: string, predicate: (payload: any) => boolean) =>
    waitFor(`a ${type} in ${deadLetterQueueOf(queue)}`, async () => {
      const message = await broker.take(deadLetterQueueOf(queue));
      return message && message.type === type && predicate(message.payload) ? message : undefined;
    });

  it('turns an uploaded cover into WebP variants behind short-lived, GET-only presigned URLs', async () => {
    const bytes = await jpeg();
    const ticket = await upload(bytes, { contentType: 'image/jpeg', filename: '../../etc/passwd.jpg' });
    // The key is the server's own: the traversal-looking name is only ever shown back.
    expect(new URL(ticket.uploadUrl).pathname).toBe(`/media-test/incoming/course-cover/${ticket.id}.jpg`);
    expect(ticket).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/jpeg' } });
    // The upload URL is good for this type and exactly this many bytes (S3 and MinIO enforce both),
    // and carries no checksum of an empty body (which S3 would hold against the real one).
    expect(new URL(ticket.uploadUrl).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(ticket.uploadUrl).not.toMatch(/x-amz-checksum/i);
    const length = { 'content-length': String(bytes.length) };
    expect(presignedUrlAllows(ticket.uploadUrl, 'PUT', 'S3RVER', { ...ticket.headers, ...length })).toBe(true);
    expect(presignedUrlAllows(ticket.uploadUrl, 'PUT', 'S3RVER', { ...ticket.headers, 'content-length': '1' })).toBe(
      false,
    );
    expect(presignedUrlAllows(ticket.uploadUrl, 'PUT', 'S3RVER', { 'content-type': 'text/html', ...length })).toBe(
      false,
    );

    const completed = await complete(ticket.id).expect(200);
    expect(completed.body.status).toBe('processing');
    const ready = await settled(ticket.id);
    expect(ready).toMatchObject({
      status: 'ready',
      contentType: 'image/jpeg',
      purpose: 'course-cover',
      filename: '../../etc/passwd.jpg',
      failureReason: null,
      variants: { small: { width: 200, height: 133 }, medium: { width: 800, height: 533 } },
    });

    for (const url of [ready.url, ready.variants.small.url, ready.variants.medium.url]) {
      const expires = Number(new URL(url).searchParams.get('X-Amz-Expires'));
      expect(expires).toBeGreaterThan(0);
      expect(expires).toBeLessThanOrEqual(600);
      // Signed for GET only: the same URL cannot overwrite or delete the object.
      expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).toBe('host');
      expect(presignedUrlAllows(url, 'GET', 'S3RVER')).toBe(true);
      expect(presignedUrlAllows(url, 'PUT', 'S3RVER')).toBe(false);
      expect(presignedUrlAllows(url, 'DELETE', 'S3RVER')).toBe(false);
    }
    const small = Buffer.from(await (await fetch(ready.variants.small.url)).arrayBuffer());
    const metadata = await sharp(small).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 200, height: 133 });
    expect(metadata.exif).toBeUndefined();
    expect(Buffer.from(await (await fetch(ready.url)).arrayBuffer()).equals(bytes)).toBe(true);

    // The stable path catalog shows: public for the cover of a published course, a redirect to a
    // fresh presigned URL of the copy at its final key.
    expect(new URL(ready.url).pathname).toBe(`/media-test/course-cover/${ticket.id}/original.jpg`);
    await http().get(mediaFilePath(ticket.id, 'small')).expect(404);
    await courseUses({ courseId: randomUUID(), revision: 2, published: true, coverMediaId: ticket.id });
    const redirect = await http().get(mediaFilePath(ticket.id, 'small')).expect(302);
    expect(redirect.headers.location).toContain(`/course-cover/${ticket.id}/small.webp?`);
    expect((await fetch(redirect.headers.location)).status).toBe(200);
    await http().get(`${API}/${ticket.id}/file?variant=huge`).expect(400);
    await waitFor('media.image.processed (ready)', async () =>
      broker.events.find((event) => event.payload.mediaId === ticket.id && event.payload.status === 'ready'),
    );

    // The worker's scrape shows the image pipeline's duration (upload completed → variants stored).
    const scrape = (await request(managementListenerOf(worker).httpServer).get(`${API}-worker/metrics`).expect(200))
      .text;
    expect(Number(/^media_image_pipeline_seconds_count (\d+)$/m.exec(scrape)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^media_image_processing_seconds_count (\d+)$/m.exec(scrape)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it('refuses a spoofed type and deletes the object', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>'.padEnd(200, ' '));
    const spoofed = await upload(html, { contentType: 'image/png', filename: 'cat.png' });
    const refused = await complete(spoofed.id).expect(400);
    expect(refused.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/not image\/png/) });
    expect(await stored(`course-cover/${spoofed.id}/original.png`)).toBe(false);
    expect((await http().get(`${API}/${spoofed.id}`).set(as(instructor))).body).toMatchObject({
      status: 'failed',
      url: null,
      failureReason: expect.stringMatching(/not image\/png/),
    });
    await complete(spoofed.id).expect(409);

    // A real JPEG declared as PNG is refused too, and named for what it is.
    const mislabelled = await upload(await jpeg(100, 100), { contentType: 'image/png' });
    expect((await complete(mislabelled.id).expect(400)).body.message).toMatch(/looks like image\/jpeg/);
  });

  it('refuses a size lie and deletes the object', async () => {
    // s3rver, unlike S3 and MinIO, does not enforce the signed content-length: the check on complete does.
    const bytes = await jpeg(300, 200);
    const liar = await upload(bytes, { contentType: 'image/jpeg', size: bytes.length + 10 });
    const refused = await complete(liar.id).expect(400);
    expect(refused.body.message).toBe(`The file has ${bytes.length} bytes, not the ${bytes.length + 10} declared`);
    expect(await stored(`course-cover/${liar.id}/original.jpg`)).toBe(false);
    expect(new URL(liar.uploadUrl).searchParams.get('X-Amz-SignedHeaders')).toContain('content-length');
  });

  it('checks role, type and size before handing out an upload URL, and nothing was uploaded before complete', async () => {
    const base = { filename: 'a.png', contentType: 'image/png', size: 100, purpose: 'course-cover' };
    const post = (body: object, caller?: Caller) => {
      const call = http().post(`${API}/uploads`);
      return (caller ? call.set(as(caller)) : call).send(body);
    };
    await post(base).expect(401);
    await post(base, learner).expect(403);
    expect((await post({ ...base, contentType: 'image/svg+xml' }, instructor).expect(415)).body.message).toMatch(
      /course-cover accepts image\/jpeg, image\/png, image\/webp, image\/avif, not image\/svg\+xml/,
    );
    await post({ ...base, contentType: 'text/html' }, instructor).expect(415);
    await post({ ...base, contentType: 'video/mp4' }, instructor).expect(415);
    await post({ ...base, contentType: 'image/png', purpose: 'lesson-video' }, instructor).expect(415);
    await post({ ...base, size: 10 * 1024 * 1024 + 1 }, instructor).expect(413);
    await post({ ...base, purpose: 'lesson-video', contentType: 'video/mp4', size: 3 * 1024 ** 3 }, instructor).expect(
      413,
    );
    await post({ ...base, purpose: 'avatar' }, instructor).expect(400);
    await post({ ...base, size: -1 }, instructor).expect(400);
    await post({ ...base, size: 1.5 }, instructor).expect(400);
    await post({ ...base, path: '/etc/passwd' }, instructor).expect(400);
    await post({ ...base, filename: '' }, instructor).expect(400);
    await post(base, admin).expect(201);

    const never = await requestUpload({ contentType: 'image/png', size: 100 });
    expect((await complete(never.id).expect(409)).body.message).toMatch(/Nothing was uploaded yet/);
    await http().get(`${API}/not-a-uuid`).set(as(learner)).expect(400);
    await http().get(`${API}/${randomUUID()}`).set(as(learner)).expect(404);
    await http().get(`${API}/${never.id}`).expect(401);
    await complete('not-a-uuid').expect(400);
    await complete(randomUUID()).expect(404);
  });

  it('fails a decompression bomb and a corrupt image with a reason, and the worker keeps going', async () => {
    const bomb = await decompressionBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const bombTicket = await upload(bomb, { contentType: 'image/png', filename: 'bomb.png' });
    const good = await jpeg(1000, 600);
    const corrupt = Buffer.concat([good.subarray(0, 200), Buffer.alloc(good.length - 200, 0x5a)]);
    const corruptTicket = await upload(corrupt, { contentType: 'image/jpeg' });
    const next = await upload(good, { contentType: 'image/jpeg' });
    for (const ticket of [bombTicket, corruptTicket, next]) await complete(ticket.id).expect(200);

    expect(await settled(bombTicket.id)).toMatchObject({
      status: 'failed',
      url: null,
      variants: {},
      failureReason: 'The image cannot be processed: 20000×20000 png image has more than the 25000000 pixels allowed',
    });
    expect(await settled(corruptTicket.id)).toMatchObject({
      status: 'failed',
      failureReason: expect.stringMatching(/^The image cannot be processed: /),
    });
    expect((await settled(next.id)).status).toBe('ready');
    await waitFor('media.image.processed (failed) for the bomb', async () =>
      broker.events.find(
        (event) =>
          event.payload.mediaId === bombTicket.id &&
          event.payload.status === 'failed' &&
          /pixels allowed/.test(event.payload.reason ?? ''),
      ),
    );
    await http().get(mediaFilePath(bombTicket.id)).expect(404);
    // Worker health: still up and ready.
    await request(managementListenerOf(worker).httpServer).get(`${API}-worker/health/ready`).expect(200);
  });

  it('parks a malformed media.image.uploaded in the worker DLQ instead of retrying it', async () => {
    await publish(MEDIA_EVENTS.imageUploaded, {
      mediaId: '../../etc/passwd',
      ownerId: 'x',
      objectKey: '/',
      contentType: 'x',
    });
    await dlqHolds(
      mediaQueues(media.config).worker,
      MEDIA_EVENTS.imageUploaded,
      (p) => p.mediaId === '../../etc/passwd',
    );
    const next = await upload(await jpeg(300, 300), { contentType: 'image/jpeg' });
    await complete(next.id).expect(200);
    expect((await settled(next.id)).status).toBe('ready');
  });

  it('gives up on an image whose renders never finish (a worker killed each time): failed, and parked in the DLQ', async () => {
    const ticket = await upload(await jpeg(300, 200), { contentType: 'image/jpeg' });
    // What the count shows once seven workers died rendering this image (their transactions never
    // committed, so nothing else records it): set directly, killing workers is not this test's job.
    await media.orm.em.getConnection().execute('update "media" set "render_attempts" = 7 where "id" = ?', [ticket.id]);
    await complete(ticket.id).expect(200);
    expect(await settled(ticket.id)).toMatchObject({
      status: 'failed',
      failureReason: 'The image cannot be processed: rendering it was started 7 times and never finished',
    });
    await dlqHolds(mediaQueues(media.config).worker, MEDIA_EVENTS.imageUploaded, (p) => p.mediaId === ticket.id);
    await waitFor('media.image.processed (failed) for the poison image', async () =>
      broker.events.find((event) => event.payload.mediaId === ticket.id && event.payload.status === 'failed'),
    );
  });

  it('lets only the uploader complete, only the owner or an admin delete', async () => {
    const ticket = await upload(await jpeg(300, 200), { contentType: 'image/jpeg' });
    // Somebody else's upload is not there for them (404), like any media they may not read.
    await complete(ticket.id, otherInstructor).expect(404);
    await complete(ticket.id).expect(200);
    await complete(ticket.id).expect(409);
    const ready = await settled(ticket.id);
    expect(ready.status).toBe('ready');
    await http().delete(`${API}/${ticket.id}`).set(as(otherInstructor)).expect(404);
    await http().delete(`${API}/${ticket.id}`).set(as(learner)).expect(404);
    // Readable through a published course is still not theirs to delete.
    await courseUses({ courseId: randomUUID(), revision: 2, published: true, coverMediaId: ticket.id });
    await http().delete(`${API}/${ticket.id}`).set(as(learner)).expect(403);
    await http().delete(`${API}/${ticket.id}`).expect(401);
    await http().delete(`${API}/not-a-uuid`).set(as(instructor)).expect(400);
    expect(await stored(`course-cover/${ticket.id}/small.webp`)).toBe(true);

    await http().delete(`${API}/${ticket.id}`).set(as(instructor)).expect(204);
    await http().get(`${API}/${ticket.id}`).set(as(instructor)).expect(404);
    await http().delete(`${API}/${ticket.id}`).set(as(instructor)).expect(404);
    for (const name of ['original.jpg', 'small.webp', 'medium.webp']) {
      expect(await stored(`course-cover/${ticket.id}/${name}`)).toBe(false);
    }
    await waitFor('media.media.deleted', async () =>
      broker.events.find((event) => event.type === MEDIA_EVENTS.mediaDeleted && event.payload.mediaId === ticket.id),
    );

    const other = await upload(await jpeg(300, 200), { contentType: 'image/jpeg' }, otherInstructor);
    await http().delete(`${API}/${other.id}`).set(as(admin)).expect(204);
  });

  it('deletes a cover once no course uses it any more (catalog events), and parks malformed ones', async () => {
    const cover = await upload(await jpeg(300, 200), { contentType: 'image/jpeg' });
    await complete(cover.id).expect(200);
    expect((await settled(cover.id)).status).toBe('ready');
    const [first, second] = [randomUUID(), randomUUID()];
    await publish(CATALOG_EVENTS.courseCoverChanged, { courseId: first, mediaId: cover.id, previousMediaId: null });
    await publish(CATALOG_EVENTS.courseCoverChanged, { courseId: second, mediaId: cover.id, previousMediaId: null });
    await publish(CATALOG_EVENTS.courseCoverChanged, { courseId: first, mediaId: null, previousMediaId: cover.id });
    // Still the cover of the second course. A marker event shows the ones before it were handled.
    const marker = await upload(await jpeg(100, 100), { contentType: 'image/jpeg' });
    await publish(CATALOG_EVENTS.courseDeleted, { courseId: randomUUID(), revision: 3, coverMediaId: marker.id });
    await waitFor('the marker to be deleted', async () =>
      (await http().get(`${API}/${marker.id}`).set(as(instructor))).status === 404 ? true : undefined,
    );
    await http().get(`${API}/${cover.id}`).set(as(instructor)).expect(200);

    await publish(CATALOG_EVENTS.courseDeleted, { courseId: second, revision: 7, coverMediaId: cover.id });
    await waitFor('the unused cover to be deleted', async () =>
      (await http().get(`${API}/${cover.id}`).set(as(instructor))).status === 404 ? true : undefined,
    );
    expect(await stored(`course-cover/${cover.id}/small.webp`)).toBe(false);

    await publish(CATALOG_EVENTS.courseCoverChanged, {
      courseId: first,
      mediaId: 'x; drop table media',
      previousMediaId: null,
    });
    await dlqHolds(mediaQueues(media.config).service, CATALOG_EVENTS.courseCoverChanged, (p) => p.courseId === first);
  });

  it("never lets a course of another instructor use or delete somebody's image", async () => {
    const cover = await upload(await jpeg(300, 200), { contentType: 'image/jpeg' });
    await complete(cover.id).expect(200);
    expect((await settled(cover.id)).status).toBe('ready');
    const [foreignCourse, marked] = [randomUUID(), randomUUID()];
    // Another instructor's course names the image, then drops it, then is deleted with it.
    const foreign = { courseId: foreignCourse, instructorId: otherInstructor.id };
    await publish(CATALOG_EVENTS.courseCoverChanged, { ...foreign, mediaId: cover.id, previousMediaId: null });
    await publish(CATALOG_EVENTS.courseCoverChanged, { ...foreign, mediaId: null, previousMediaId: cover.id });
    await publish(CATALOG_EVENTS.courseDeleted, { ...foreign, revision: 2, coverMediaId: cover.id });
    // A marker handled after them (one queue, one consumer in order) shows they were applied.
    const marker = await upload(await jpeg(100, 100), { contentType: 'image/jpeg' });
    await publish(CATALOG_EVENTS.courseDeleted, {
      courseId: marked,
      instructorId: instructor.id,
      revision: 3,
      coverMediaId: marker.id,
    });
    await waitFor('the marker to be deleted', async () =>
      (await http().get(`${API}/${marker.id}`).set(as(instructor))).status === 404 ? true : undefined,
    );
    const kept = (await http().get(`${API}/${cover.id}`).set(as(instructor)).expect(200)).body;
    expect(kept.status).toBe('ready');
    expect(await stored(`course-cover/${cover.id}/small.webp`)).toBe(true);

    // Its own instructor's course can still use and release it.
    const own = { courseId: randomUUID(), instructorId: instructor.id };
    await publish(CATALOG_EVENTS.courseCoverChanged, { ...own, mediaId: cover.id, previousMediaId: null });
    await publish(CATALOG_EVENTS.courseCoverChanged, { ...own, mediaId: null, previousMediaId: cover.id });
    await waitFor('the released cover to be deleted', async () =>
      (await http().get(`${API}/${cover.id}`).set(as(instructor))).status === 404 ? true : undefined,
    );
  });

  /** A multipart video upload: its ticket and the bytes each part should hold. */
  async function multipartVideo(size = 6 * 1024 * 1024 + 123, fill = 1) {
    const video = mp4File(size, fill);
    const ticket = await http()
      .post(`${API}/uploads`)
      .set(as(instructor))
      .send({ filename: 'talk.mp4', contentType: 'video/mp4', size, purpose: 'lesson-video' })
      .expect(201);
    const partSize = ticket.body.partSize as number;
    const parts = ticket.body.parts as Array<{ partNumber: number; url: string }>;
    const bytesOf = (partNumber: number) => video.subarray((partNumber - 1) * partSize, partNumber * partSize);
    const put = async (partNumber: number, body = bytesOf(partNumber)) => {
      const response = await fetch(parts[partNumber - 1].url, { method: 'PUT', body });
      expect(response.ok).toBe(true);
      return { partNumber, etag: response.headers.get('etag')! };
    };
    return { id: ticket.body.id as string, ticket: ticket.body, video, parts, put };
  }

  it('uploads a large video in parts that can be retried, and serves it to its owner', async () => {
    const { id, ticket, video, parts, put } = await multipartVideo();
    expect(ticket).toMatchObject({ id: expect.any(String), uploadId: expect.any(String), partSize: 5 * 1024 * 1024 });
    expect(parts.map((part) => part.partNumber)).toEqual([1, 2]);
    const etags = [];
    for (const part of parts) {
      await put(part.partNumber, video.subarray(0, 1000)); // cut short
      etags.push(await put(part.partNumber)); // the retry replaces it
    }
    await complete(id).expect(400);
    await complete(id, instructor, { parts: [{ partNumber: 0, etag: 'x' }] }).expect(400);
    const done = await complete(id, instructor, { parts: etags }).expect(200);
    // No transcoding: a video is ready once its bytes are checked.
    expect(done.body).toMatchObject({ status: 'ready', contentType: 'video/mp4', variants: {} });
    const downloaded = Buffer.from(await (await fetch(done.body.url)).arrayBuffer());
    expect(downloaded.equals(video)).toBe(true);
    expect(await stored(`incoming/lesson-video/${id}.mp4`)).toBe(false);

    const redirect = await http().get(mediaFilePath(id)).set(as(instructor)).expect(302);
    expect(redirect.headers.location).toContain(`/lesson-video/${id}/original.mp4?`);
  });

  it('refuses parts the store does not hold, naming the part, and the store and service stay up', async () => {
    const { id, parts, put } = await multipartVideo();
    const first = await put(1);
    const expectRefusal = async (body: object, message: string | RegExp) =>
      expect((await complete(id, instructor, body).expect(400)).body.message).toMatch(message);
    // Part 2 never uploaded: what took s3rver's process (and `npm start`) down when sent to the store.
    await expectRefusal(
      { parts: [first, { partNumber: 2, etag: '"0123456789abcdef0123456789abcdef"' }] },
      'Part 2 was never uploaded',
    );
    const second = await put(2);
    await expectRefusal(
      { parts: [first, { ...second, etag: '"ffffffffffffffffffffffffffffffff"' }] },
      'The ETag of part 2 does not match the part that was uploaded',
    );
    await expectRefusal(
      { parts: [second, first] },
      'Parts must be listed in ascending order: part 1 comes after part 2',
    );
    await expectRefusal({ parts: [first, first] }, 'Part 1 is listed twice');
    await expectRefusal({ parts: [first] }, 'Part 2 is missing from the list');
    await expectRefusal(
      { parts: [first, second, { partNumber: 3, etag: second.etag }] },
      'This upload has 2 parts; 3 were listed',
    );
    await expectRefusal(
      { parts: [first, { partNumber: 7, etag: second.etag }] },
      'Part 7 is beyond the 2 parts of this upload',
    );
    expect(parts).toHaveLength(2);

    expect(store.process.exitCode).toBeNull();
    await request(managementListenerOf(media.app).httpServer).get(`${API}/health/ready`).expect(200);
    expect((await complete(id, instructor, { parts: [first, second] }).expect(200)).body.status).toBe('ready');
  });

  it('serves the checked copy: a PUT with the old upload URL after complete changes nothing served', async () => {
    const original = await jpeg(300, 200);
    const ticket = await upload(original, { contentType: 'image/jpeg' });
    await complete(ticket.id).expect(200);
    const ready = await settled(ticket.id);
    expect(ready.status).toBe('ready');
    // The presigned PUT is still valid (until it expires): the uploader swaps in something else.
    const swapped = Buffer.concat([
      Buffer.from('<html><script>alert(1)</script>'),
      Buffer.alloc(original.length),
    ]).subarray(0, original.length);
    const again = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: swapped });
    expect(again.status).toBe(200);
    const served = (await http().get(`${API}/${ticket.id}`).set(as(instructor)).expect(200)).body;
    expect(Buffer.from(await (await fetch(served.url)).arrayBuffer()).equals(original)).toBe(true);
    const redirect = await http().get(mediaFilePath(ticket.id)).set(as(instructor)).expect(302);
    expect(Buffer.from(await (await fetch(redirect.headers.location)).arrayBuffer()).equals(original)).toBe(true);
    // The same for a video, which has no worker step after complete.
    const video = mp4File(4000);
    const videoTicket = await upload(video, { contentType: 'video/mp4', purpose: 'lesson-video' });
    const done = (await complete(videoTicket.id).expect(200)).body;
    await fetch(videoTicket.uploadUrl, { method: 'PUT', headers: videoTicket.headers, body: Buffer.alloc(4000, 9) });
    expect(Buffer.from(await (await fetch(done.url)).arrayBuffer()).equals(video)).toBe(true);
    // Deleting the media removes what the old URL wrote as well.
    await http().delete(`${API}/${videoTicket.id}`).set(as(instructor)).expect(204);
    expect(await stored(`incoming/lesson-video/${videoTicket.id}.mp4`)).toBe(false);
  });

  it('refuses a file that starts with ftyp but is no MP4', async () => {
    const header = mp4File(48).subarray(0, 24); // a valid ftyp box
    const garbage = Buffer.concat([header, Buffer.from('this is not a box at all '.repeat(100))]);
    const ticket = await upload(garbage, { contentType: 'video/mp4', purpose: 'lesson-video' });
    const refused = await complete(ticket.id).expect(400);
    expect(refused.body.message).toMatch(/^The file is not a valid MP4: byte 24 holds no MP4 box/);
    expect(await stored(`lesson-video/${ticket.id}/original.mp4`)).toBe(false);
    // A box that claims more bytes than the file has.
    const liar = mp4File(2000);
    liar.writeUInt32BE(1_000_000, 40);
    const liarTicket = await upload(liar, { contentType: 'video/mp4', purpose: 'lesson-video' });
    expect((await complete(liarTicket.id).expect(400)).body.message).toMatch(/claims 1000000 bytes/);
  });

  it('lets media be read by its owner, admins, and as a published course of its owner allows; else 404', async () => {
    const cover = await upload(await jpeg(300, 200), { contentType: 'image/jpeg', filename: 'cover.jpg' });
    const image = await upload(await jpeg(400, 200), { contentType: 'image/jpeg', filename: 'diagram.jpg' });
    for (const ticket of [cover, image]) await complete(ticket.id).expect(200);
    for (const ticket of [cover, image]) expect((await settled(ticket.id)).status).toBe('ready');
    const video = await upload(mp4File(3000), {
      contentType: 'video/mp4',
      purpose: 'lesson-video',
      filename: 'secret.mp4',
    });
    await complete(video.id).expect(200);
    const vtt = Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n');
    const captions = await upload(vtt, { contentType: 'text/vtt', purpose: 'lesson-captions', filename: 'en.vtt' });
    await complete(captions.id).expect(200);
    const everything = [cover.id, image.id, video.id, captions.id];
    const get = (id: string, caller: Caller) => http().get(`${API}/${id}`).set(as(caller));
    const file = (id: string, caller?: Caller, variant?: 'small' | 'medium') => {
      const call = http().get(mediaFilePath(id, variant));
      return caller ? call.set(as(caller)) : call;
    };
    /** What each of the four sees of one media id: GET /:id and GET /:id/file (anonymous for the last). */
    const seen = async (id: string, variant?: 'small' | 'medium') => [
      (await get(id, learner)).status,
      (await file(id, learner, variant)).status,
      (await get(id, otherInstructor)).status,
      (await file(id, undefined, variant)).status,
    ];
    const nobody = [404, 404, 404, 404];

    // Unused: its owner and admins only.
    for (const id of everything) {
      expect((await get(id, instructor).expect(200)).body.filename).toMatch(/\.(jpg|mp4|vtt)$/);
      await get(id, admin).expect(200);
      await file(id, admin).expect(302);
      expect(await seen(id)).toEqual(nobody);
    }
    const courseId = randomUUID();
    const uses = {
      coverMediaId: cover.id,
      videoMediaIds: [video.id],
      captionMediaIds: [captions.id],
      imageMediaIds: [image.id],
    };
    // A draft course using them changes nothing.
    await courseUses({ courseId, revision: 2, published: false, ...uses });
    for (const id of everything) expect(await seen(id)).toEqual(nobody);

    // Published: the cover and the lesson's image for anyone (plain <img> tags), the video for signed-in learners.
    await courseUses({ courseId, revision: 3, published: true, ...uses });
    expect(await seen(cover.id, 'small')).toEqual([200, 302, 200, 302]);
    expect(await seen(image.id, 'medium')).toEqual([200, 302, 200, 302]);
    expect(await seen(video.id)).toEqual([200, 302, 200, 401]);
    expect(await seen(captions.id)).toEqual([200, 302, 200, 401]);
    const asLearner = (await get(video.id, learner)).body;
    expect(asLearner).toMatchObject({ id: video.id, status: 'ready', filename: null, failureReason: null });
    expect(asLearner.url).toContain(`/lesson-video/${video.id}/original.mp4?`);
    // Still not theirs to change.
    await http().delete(`${API}/${video.id}`).set(as(learner)).expect(403);

    // Unpublished: gone again. A redelivered or late older revision cannot bring it back.
    await courseUses({ courseId, revision: 5, published: false, ...uses });
    for (const id of everything) expect(await seen(id)).toEqual(nobody);
    await courseUses({ courseId, revision: 3, published: true, ...uses });
    await courseUses({ courseId, revision: 4, published: true, ...uses });
    for (const id of everything) expect(await seen(id)).toEqual(nobody);
    // Published again, then the course is deleted (sent unpublished, using nothing): gone.
    await courseUses({ courseId, revision: 6, published: true, ...uses });
    expect(await seen(video.id)).toEqual([200, 302, 200, 401]);
    await courseUses({ courseId, revision: 7, published: false });
    await courseUses({ courseId, revision: 6, published: true, ...uses });
    for (const id of everything) expect(await seen(id)).toEqual(nobody);

    // A video is never public, whatever a course calls it.
    const misnamed = randomUUID();
    await courseUses({
      courseId: misnamed,
      revision: 2,
      published: true,
      coverMediaId: video.id,
      imageMediaIds: [video.id],
    });
    expect(await seen(video.id)).toEqual([200, 302, 200, 401]);
    await courseUses({ courseId: misnamed, revision: 3, published: false });

    // Another instructor's published course naming these files never makes them readable.
    await courseUses({
      courseId: randomUUID(),
      revision: 2,
      published: true,
      instructorId: otherInstructor.id,
      ...uses,
    });
    for (const id of everything) expect(await seen(id)).toEqual(nobody);
    await get(randomUUID(), learner).expect(404);

    // A malformed event is parked, never applied.
    await publish(CATALOG_EVENTS.courseMediaChanged, {
      courseId,
      revision: 9,
      published: true,
      instructorId: instructor.id,
      videoMediaIds: ['x'],
    });
    await dlqHolds(mediaQueues(media.config).service, CATALOG_EVENTS.courseMediaChanged, (p) => p.revision === 9);
    expect(await seen(video.id)).toEqual(nobody);
  });

  it('sends a small video as a single presigned PUT and sniffs WebM', async () => {
    const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(2000, 7)]);
    const ticket = await upload(webm, { contentType: 'video/webm', purpose: 'lesson-video', filename: 'clip.webm' });
    expect(new URL(ticket.uploadUrl).pathname).toBe(`/media-test/incoming/lesson-video/${ticket.id}.webm`);
    expect((await complete(ticket.id).expect(200)).body.status).toBe('ready');

    const fake = await upload(Buffer.alloc(2000, 7), { contentType: 'video/mp4', purpose: 'lesson-video' });
    await complete(fake.id).expect(400);
  });

  it('refuses deeply nested JSON with a 400 before parsing it', async () => {
    const deep = `{"filename":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
    const response = await http()
      .post(`${API}/uploads`)
      .set(as(instructor))
      .set('content-type', 'application/json')
      .send(deep)
      .expect(400);
    expect(response.body.message).toMatch(/nested too deeply/);
  });
});
