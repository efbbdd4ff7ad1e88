import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { openApiDocumentProblems, type ServiceUnderTest, startServiceUnderTest } from '@platform/service-testing';
import { startTestTokenIssuer, type TestTokenIssuer } from '@platform/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { randomUUID } from 'node:crypto';
import { MediaConfig } from '../src/config/media.config';
import { CourseMediaReadModel } from '../src/media/course-media.service';
import { deleteBrokerTopology, presignedUrlAllows, startObjectStore, type TestObjectStore } from './media-test-kit';

const API = BACKEND_SERVICES.media.routePrefix;
const FIXTURES = join(__dirname, '..', '..', '..', 'scripts', 'platform', 'fixtures');
const WEB_ORIGIN = 'http://localhost:8480';
type Caller = { id: string; token: string };
type Ticket = { id: string; uploadUrl: string; method: string; headers: Record<string, string> };

describe('media: lesson captions (WebVTT) and lesson videos as a player reads them (real PostgreSQL, s3rver, HTTP)', () => {
  let issuer: TestTokenIssuer;
  let store: TestObjectStore;
  let media: ServiceUnderTest<MediaConfig>;
  let instructor: Caller, learner: Caller;

  const http = () => request(media.app.getHttpServer());
  const as = (caller: Caller) => ({ authorization: `Bearer ${caller.token}` });
  const stored = async (key: string) =>
    (await fetch(`${store.endpoint}/${media.config.S3_BUCKET}/${key}`, { method: 'HEAD' })).status !== 404;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    store = await startObjectStore('media-captions-test');
    media = await startServiceUnderTest({
      name: 'media',
      routePrefix: API,
      configClass: MediaConfig,
      module: (config) => AppModule.forRoot(config),
      env: { ...issuer.env, ...store.env, DOWNLOAD_URL_TTL_SECONDS: '10' },
      connectConsumers: connectEventConsumer,
    });
    [instructor, learner] = await Promise.all([issuer.user('instructor'), issuer.user('learner')]);
  });

  afterAll(async () => {
    await media?.close();
    if (media) await deleteBrokerTopology(media.config);
    await store?.close();
    await issuer?.close();
  });

  it('serves an OpenAPI document that passes the linter and gives every client error the one error body', async () => {
    expect(await openApiDocumentProblems(media.management, API)).toEqual([]);
  });

  /** A published course of the instructor uses these files (as catalog's course.media-changed would say): learners may read them. */
  async function publishedCourseUses(uses: { videoMediaIds?: string[]; captionMediaIds?: string[] }): Promise<void> {
    const readModel = media.app.get(CourseMediaReadModel);
    await media.orm.em.fork().transactional((em) =>
      readModel.apply(em, {
        courseId: randomUUID(),
        revision: 2,
        instructorId: instructor.id,
        published: true,
        coverMediaId: null,
        videoMediaIds: [],
        captionMediaIds: [],
        imageMediaIds: [],
        ...uses,
      }),
    );
  }

  /** Ticket, PUT to storage as a browser does, complete: the completion's answer. */
  async function uploadAndComplete(bytes: Buffer, contentType: string, purpose: string) {
    const ticket = (
      await http()
        .post(`${API}/uploads`)
        .set(as(instructor))
        .send({ filename: 'file', contentType, size: bytes.length, purpose })
        .expect(201)
    ).body as Ticket;
    const put = await fetch(ticket.uploadUrl, { method: ticket.method, headers: ticket.headers, body: bytes });
    expect(put.status).toBe(200);
    const key = `${purpose}/${ticket.id}/original.${contentType === 'text/vtt' ? 'vtt' : 'mp4'}`;
    return { ticket, key, completed: await http().post(`${API}/uploads/${ticket.id}/complete`).set(as(instructor)) };
  }

  it('takes a WebVTT file as lesson captions and serves it through a presigned URL a web page may read', async () => {
    const vtt = readFileSync(join(FIXTURES, 'demo-lesson.en.vtt'));
    const { ticket, completed } = await uploadAndComplete(vtt, 'text/vtt', 'lesson-captions');
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'ready', purpose: 'lesson-captions', contentType: 'text/vtt' });

    // Learners read captions of a published course's video lesson only.
    await http().get(`${API}/${ticket.id}`).set(as(learner)).expect(404);
    await publishedCourseUses({ captionMediaIds: [ticket.id] });
    const view = (await http().get(`${API}/${ticket.id}`).set(as(learner)).expect(200)).body;
    expect(presignedUrlAllows(view.url, 'GET', 'S3RVER')).toBe(true);
    expect(presignedUrlAllows(view.url, 'PUT', 'S3RVER')).toBe(false);
    // As a <track> of a <video crossorigin="anonymous"> fetches it: a CORS request from the web app.
    const fetched = await fetch(view.url, { headers: { origin: WEB_ORIGIN } });
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('text/vtt');
    expect(fetched.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/localhost:8480)$/);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(vtt)).toBe(true);
  });

  it('refuses captions that are not WebVTT, or not UTF-8 text, deleting what was stored', async () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from('1\n00:00:00,000 --> 00:00:02,000\nan SRT file\n'), /not text\/vtt/],
      [Buffer.from('WEBVTTX\n\n00:00.000 --> 00:01.000\nnot quite\n'), /not text\/vtt/],
      [Buffer.concat([Buffer.from('WEBVTT\n\n'), Buffer.from([0xff, 0xfe, 0x00, 0x41])]), /not UTF-8 text/],
      [readFileSync(join(FIXTURES, 'demo-lesson.mp4')).subarray(0, 4096), /not text\/vtt \(it looks like video\/mp4\)/],
    ];
    for (const [bytes, reason] of cases) {
      const { ticket, key, completed } = await uploadAndComplete(bytes, 'text/vtt', 'lesson-captions');
      expect(completed.status).toBe(400);
      expect(completed.body.message).toMatch(reason);
      expect(await stored(key)).toBe(false);
      const view = (await http().get(`${API}/${ticket.id}`).set(as(instructor)).expect(200)).body;
      expect(view).toMatchObject({ status: 'failed', url: null });
    }
    // Captions labelled as a video are refused too: the bytes say what they are.
    const mislabelled = await uploadAndComplete(Buffer.from('WEBVTT\n\n'), 'video/mp4', 'lesson-video');
    expect(mislabelled.completed.status).toBe(400);
    expect(mislabelled.completed.body.message).toMatch(/it looks like text\/vtt/);
  });

  it('bounds captions by type, size and role', async () => {
    const ask = (body: object, caller = instructor) =>
      http()
        .post(`${API}/uploads`)
        .set(as(caller))
        .send({ filename: 'captions.vtt', contentType: 'text/vtt', size: 100, purpose: 'lesson-captions', ...body });
    expect((await ask({ size: 1024 * 1024 + 1 }).expect(413)).body.message).toMatch(/limited to 1048576 bytes/);
    expect((await ask({ contentType: 'text/plain' }).expect(415)).body.message).toMatch(/accepts text\/vtt/);
    await ask({ purpose: 'lesson-video' }).expect(415);
    await ask({ purpose: 'course-cover' }).expect(415);
    await ask({}, learner).expect(403);
    await ask({ size: 1024 * 1024 }).expect(201);
  });

  it('gives a lesson video a presigned URL that plays from any offset and expires within the configured time', async () => {
    const mp4 = readFileSync(join(FIXTURES, 'demo-lesson.mp4'));
    const { ticket, completed } = await uploadAndComplete(mp4, 'video/mp4', 'lesson-video');
    expect(completed.body).toMatchObject({ status: 'ready', contentType: 'video/mp4' });
    await publishedCourseUses({ videoMediaIds: [ticket.id] });
    const before = Date.now();
    const view = (await http().get(`${API}/${ticket.id}`).set(as(learner)).expect(200)).body;
    const expiresIn = new Date(view.expiresAt).getTime() - before;
    expect(expiresIn).toBeGreaterThan(8_000);
    expect(expiresIn).toBeLessThanOrEqual(11_000);
    expect(new URL(view.url).searchParams.get('X-Amz-Expires')).toBe('10');
    // A player seeks with range requests, in CORS mode (the <video> has crossorigin for its captions).
    const range = await fetch(view.url, { headers: { range: 'bytes=1000-1999', origin: WEB_ORIGIN } });
    expect(range.status).toBe(206);
    expect(range.headers.get('access-control-allow-origin')).toBeTruthy();
    expect(Buffer.from(await range.arrayBuffer()).equals(mp4.subarray(1000, 2000))).toBe(true);
  });
});
