import { randomUUID } from 'node:crypto';
import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { type ServiceUnderTest, startServiceUnderTest } from '@platform/service-testing';
import { startTestTokenIssuer, type TestTokenIssuer } from '@platform/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { MediaConfig } from '../src/config/media.config';
import { deleteBrokerTopology, startObjectStore, type TestObjectStore } from './media-test-kit';

const API = BACKEND_SERVICES.media.routePrefix;
type Caller = { id: string; token: string };

describe('media: upload tickets with an Idempotency-Key (real PostgreSQL, s3rver, HTTP)', () => {
  let issuer: TestTokenIssuer;
  let store: TestObjectStore;
  let media: ServiceUnderTest<MediaConfig>;
  let instructor: Caller, otherInstructor: Caller;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    store = await startObjectStore();
    media = await startServiceUnderTest({
      name: 'media',
      routePrefix: API,
      configClass: MediaConfig,
      module: (config) => AppModule.forRoot(config),
      env: { ...issuer.env, ...store.env },
      connectConsumers: connectEventConsumer,
    });
    [instructor, otherInstructor] = await Promise.all([issuer.user('instructor'), issuer.user('instructor')]);
  });

  afterAll(async () => {
    await media?.close();
    if (media) await deleteBrokerTopology(media.config);
    await store?.close();
    await issuer?.close();
  });

  const ask = (caller: Caller, filename: string, key?: string) => {
    const req = request(media.app.getHttpServer())
      .post(`${API}/uploads`)
      .set({ authorization: `Bearer ${caller.token}` });
    return (key ? req.set('Idempotency-Key', key) : req).send({
      filename,
      purpose: 'course-cover',
      contentType: 'image/png',
      size: 1024,
    });
  };
  const rows = async (filename: string): Promise<number> => {
    const connection = media.orm.em.fork().getConnection();
    const [{ n }] = await connection.execute<{ n: string }[]>('select count(*) as n from media where filename = ?', [
      filename,
    ]);
    return Number(n);
  };

  it('replays a retried ticket request (same ticket, one media row); another body 422; bad key 400', async () => {
    const key = randomUUID();
    const filename = `cover-${randomUUID()}.png`;
    const first = await ask(instructor, filename, key).expect(201);
    const retry = await ask(instructor, filename, key).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await rows(filename)).toBe(1);
    const other = await ask(instructor, `other-${randomUUID()}.png`, key).expect(422);
    expect(other.body.message).toContain('Idempotency-Key');
    const bad = await ask(instructor, filename, 'key with spaces').expect(400);
    expect(bad.body.message).toContain('Idempotency-Key');
  });

  it("keeps another instructor's same key independent", async () => {
    const key = randomUUID();
    const filename = `shared-${randomUUID()}.png`;
    const mine = await ask(instructor, filename, key).expect(201);
    const theirs = await ask(otherInstructor, filename, key).expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await rows(filename)).toBe(2);
  });
});
