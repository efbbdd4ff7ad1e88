import { randomUUID } from 'node:crypto';
import { BACKEND_SERVICES, CATALOG_EVENTS, MEDIA_EVENTS } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { type ServiceUnderTest, startServiceUnderTest } from '@platform/service-testing';
import { startTestTokenIssuer, type TestTokenIssuer, testAmqpUrl, waitFor } from '@platform/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { CatalogConfig } from '../src/config/catalog.config';

const API = BACKEND_SERVICES.catalog.routePrefix;
type Caller = { id: string; token: string };

describe('catalog over HTTP (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let issuer: TestTokenIssuer;
  let catalog: ServiceUnderTest<CatalogConfig>;
  let broker: ChannelModel;
  let channel: Channel;
  let tapQueue: string;
  const events: Array<{ type: string; payload: Record<string, unknown> }> = [];
  let instructor: Caller,
    otherInstructor: Caller,
    learner: Caller,
    otherLearner: Caller,
    moderator: Caller,
    admin: Caller;

  const http = () => request(catalog.app.getHttpServer());
  const as = (caller: Caller) => ({ authorization: `Bearer ${caller.token}` });

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    catalog = await startServiceUnderTest({
      name: 'catalog',
      routePrefix: API,
      configClass: CatalogConfig,
      module: (config) => AppModule.forRoot(config),
      env: issuer.env,
      connectConsumers: connectEventConsumer,
    });
    broker = await connect(testAmqpUrl());
    channel = await broker.createChannel();
    await channel.assertExchange(catalog.config.EVENTS_EXCHANGE, 'topic', { durable: true });
    tapQueue = (await channel.assertQueue('', { exclusive: true })).queue;
    await channel.bindQueue(tapQueue, catalog.config.EVENTS_EXCHANGE, 'catalog.#');
    await channel.consume(tapQueue, (message) => message && events.push(JSON.parse(message.content.toString())), {
      noAck: true,
    });
    [instructor, otherInstructor, learner, otherLearner, moderator, admin] = await Promise.all([
      issuer.user('instructor'),
      issuer.user('instructor'),
      issuer.user('learner'),
      issuer.user('learner'),
      issuer.user('moderator'),
      issuer.user('admin'),
    ]);
  });

  afterAll(async () => {
    await broker?.close();
    await catalog?.close();
    await issuer?.close();
  });

  const quiz = {
    type: 'quiz',
    title: 'Check',
    passPercent: 50,
    maxAttempts: 3,
    questions: [
      {
        prompt: '1+1?',
        choices: [
          { text: '2', correct: true },
          { text: '3', correct: false },
        ],
      },
    ],
  };

  async function courseWithLessons(owner = instructor, title = `Course ${randomUUID()}`) {
    const course = (
      await http().post(`${API}/courses`).set(as(owner)).send({ title, description: 'About things' }).expect(201)
    ).body;
    const section = (
      await http().post(`${API}/courses/${course.id}/sections`).set(as(owner)).send({ title: 'One' }).expect(201)
    ).body;
    const text = (
      await http()
        .post(`${API}/sections/${section.id}/lessons`)
        .set(as(owner))
        .send({ type: 'text', title: 'Read', content: 'Hello' })
        .expect(201)
    ).body;
    const quizLesson = (
      await http().post(`${API}/sections/${section.id}/lessons`).set(as(owner)).send(quiz).expect(201)
    ).body;
    return { course, section, text, quiz: quizLesson };
  }

  it('lets only instructors create courses, as drafts visible to their owner only', async () => {
    await http().post(`${API}/courses`).send({ title: 'x' }).expect(401);
    await http().post(`${API}/courses`).set(as(learner)).send({ title: 'x' }).expect(403);
    const created = await http()
      .post(`${API}/courses`)
      .set(as(instructor))
      .send({ title: 'Draft Course', description: 'd' })
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      instructorId: instructor.id,
      slug: expect.stringMatching(/^draft-course/),
      coverUrl: null,
      sections: [],
    });
    const again = await http().post(`${API}/courses`).set(as(instructor)).send({ title: 'Draft Course' }).expect(201);
    expect(again.body.slug).not.toBe(created.body.slug);
    await http().get(`${API}/courses/${created.body.id}`).expect(404);
    await http().get(`${API}/courses/${created.body.id}`).set(as(learner)).expect(404);
    await http().get(`${API}/courses/${created.body.id}`).set(as(instructor)).expect(200);
    await http().get(`${API}/courses/${created.body.id}`).set(as(admin)).expect(200);
    const mine = await http().get(`${API}/courses?mine=true`).set(as(instructor)).expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
  });

  it('refuses every write by the wrong role or the wrong owner', async () => {
    const { course, section, text } = await courseWithLessons();
    for (const caller of [otherInstructor, learner, moderator]) {
      await http().patch(`${API}/courses/${course.id}`).set(as(caller)).send({ title: 'hijack' }).expect(403);
      await http().post(`${API}/courses/${course.id}/publish`).set(as(caller)).expect(403);
      await http().put(`${API}/courses/${course.id}/cover`).set(as(caller)).send({ mediaId: randomUUID() }).expect(403);
      await http().post(`${API}/courses/${course.id}/sections`).set(as(caller)).send({ title: 'x' }).expect(403);
      await http().patch(`${API}/sections/${section.id}`).set(as(caller)).send({ title: 'x' }).expect(403);
      await http()
        .post(`${API}/sections/${section.id}/lessons`)
        .set(as(caller))
        .send({ type: 'text', title: 't', content: 'c' })
        .expect(403);
      await http().patch(`${API}/lessons/${text.id}`).set(as(caller)).send({ title: 'x' }).expect(403);
      await http().delete(`${API}/lessons/${text.id}`).set(as(caller)).expect(403);
      await http().delete(`${API}/sections/${section.id}`).set(as(caller)).expect(403);
      await http().delete(`${API}/courses/${course.id}`).set(as(caller)).expect(403);
    }
    await http().patch(`${API}/courses/${course.id}`).send({ title: 'anon' }).expect(401);
    await http().patch(`${API}/courses/${course.id}`).set(as(admin)).send({ title: 'Admin may' }).expect(200);
  });

  it('answers bad input with a clear 4xx, never a 500', async () => {
    const { course, section } = await courseWithLessons();
    await http().get(`${API}/courses/not-a-uuid`).expect(400);
    await http().get(`${API}/courses/${randomUUID()}`).expect(404);
    await http().post(`${API}/courses`).set(as(instructor)).send({}).expect(400);
    await http().post(`${API}/courses`).set(as(instructor)).send({ title: 5 }).expect(400);
    await http().post(`${API}/courses`).set(as(instructor)).send({ title: 'x', status: 'published' }).expect(400);
    await http().put(`${API}/courses/${course.id}/cover`).set(as(instructor)).send({ mediaId: 'nope' }).expect(400);
    await http()
      .post(`${API}/sections/${randomUUID()}/lessons`)
      .set(as(instructor))
      .send({ type: 'text', title: 't', content: 'c' })
      .expect(404);
    const badType = await http()
      .post(`${API}/sections/${section.id}/lessons`)
      .set(as(instructor))
      .send({ type: 'podcast', title: 't' })
      .expect(400);
    expect(badType.body.message).toMatch(/type must be one of text, video, quiz/);
    await http()
      .post(`${API}/sections/${section.id}/lessons`)
      .set(as(instructor))
      .send({ type: 'video', title: 'v', mediaId: 'x' })
      .expect(400);
    const noCorrect = await http()
      .post(`${API}/sections/${section.id}/lessons`)
      .set(as(instructor))
      .send({
        ...quiz,
        questions: [
          {
            prompt: 'p',
            choices: [
              { text: 'a', correct: false },
              { text: 'b', correct: false },
            ],
          },
        ],
      })
      .expect(400);
    expect(noCorrect.body.message).toMatch(/question 1 needs at least one correct choice/);
    await http()
      .post(`${API}/sections/${section.id}/lessons`)
      .set(as(instructor))
      .send({ type: 'quiz', title: 'q', passPercent: 50 })
      .expect(400);
    await http()
      .post(`${API}/sections/${section.id}/lessons`)
      .set(as(instructor))
      .send({ ...quiz, passPercent: 150 })
      .expect(400);
    await http().get(`${API}/courses?limit=1000`).expect(400);
    await http().get(`${API}/courses?page=-1`).expect(400);
  });

  it('publishes only with lessons, lists and searches published courses with stable pagination', async () => {
    const empty = (await http().post(`${API}/courses`).set(as(instructor)).send({ title: 'Empty one' }).expect(201))
      .body;
    const refused = await http().post(`${API}/courses/${empty.id}/publish`).set(as(instructor)).expect(409);
    expect(refused.body.message).toMatch(/at least one lesson/);

    const word = `zebra${randomUUID().slice(0, 6)}`;
    const published = [];
    for (let i = 0; i < 3; i++) {
      const { course } = await courseWithLessons(instructor, `${word} course ${i}`);
      await http().post(`${API}/courses/${course.id}/publish`).set(as(instructor)).expect(200);
      published.push(course.id);
    }
    const { course: draft } = await courseWithLessons(instructor, `${word} draft`);
    const found = await http().get(`${API}/courses?search=${word}&limit=2&page=1`).expect(200);
    expect(found.body).toMatchObject({ total: 3, page: 1, limit: 2 });
    const second = await http().get(`${API}/courses?search=${word}&limit=2&page=2`).expect(200);
    const ids = [...found.body.items, ...second.body.items].map((c: { id: string }) => c.id);
    expect(new Set(ids)).toEqual(new Set(published));
    expect(ids).not.toContain(draft.id);
    const byDescription = await http()
      .get(`${API}/courses?search=${encodeURIComponent('about things')}&limit=100`)
      .expect(200);
    expect(byDescription.body.total).toBeGreaterThanOrEqual(3);
  });

  it('hides quiz answers from learners and shows them to the owner', async () => {
    const { course, quiz: quizLesson, text } = await courseWithLessons();
    await http().get(`${API}/lessons/${text.id}`).set(as(learner)).expect(404);
    await http().post(`${API}/courses/${course.id}/publish`).set(as(instructor)).expect(200);
    const seen = await http().get(`${API}/lessons/${quizLesson.id}`).set(as(learner)).expect(200);
    expect(seen.body.questions[0].choices[0]).toEqual({ id: expect.any(String), text: '2' });
    expect(JSON.stringify(seen.body)).not.toContain('correct');
    const owner = await http().get(`${API}/lessons/${quizLesson.id}`).set(as(instructor)).expect(200);
    expect(owner.body.questions[0].choices[0].correct).toBe(true);
    await http().get(`${API}/lessons/${text.id}`).expect(401);
    expect((await http().get(`${API}/lessons/${text.id}`).set(as(learner)).expect(200)).body.content).toBe('Hello');
  });

  it('reorders sections and lessons', async () => {
    const { course, section, text, quiz: quizLesson } = await courseWithLessons();
    const second = (
      await http().post(`${API}/courses/${course.id}/sections`).set(as(instructor)).send({ title: 'Two' }).expect(201)
    ).body;
    expect(second.position).toBe(2);
    await http().patch(`${API}/sections/${second.id}`).set(as(instructor)).send({ position: 1 }).expect(200);
    await http().patch(`${API}/lessons/${quizLesson.id}`).set(as(instructor)).send({ position: 1 }).expect(200);
    const outline = (await http().get(`${API}/courses/${course.id}`).set(as(instructor)).expect(200)).body;
    expect(outline.sections.map((s: { id: string; position: number }) => [s.id, s.position])).toEqual([
      [second.id, 1],
      [section.id, 2],
    ]);
    expect(outline.sections[1].lessons.map((l: { id: string }) => l.id)).toEqual([quizLesson.id, text.id]);
    await http().delete(`${API}/sections/${second.id}`).set(as(instructor)).expect(204);
    const after = (await http().get(`${API}/courses/${course.id}`).set(as(instructor)).expect(200)).body;
    expect(after.sections.map((s: { position: number }) => s.position)).toEqual([1]);
  });

  it('reads the outline in at most two queries, whatever the number of sections', async () => {
    const { course } = await courseWithLessons();
    for (let i = 0; i < 5; i++)
      await http()
        .post(`${API}/courses/${course.id}/sections`)
        .set(as(instructor))
        .send({ title: `S${i}` })
        .expect(201);
    await http().post(`${API}/courses/${course.id}/publish`).set(as(instructor)).expect(200);
    const knex = catalog.orm.em.getConnection().getKnex();
    const queries: string[] = [];
    const listener = (query: { sql: string }) => queries.push(query.sql);
    knex.on('query', listener);
    try {
      const outline = await http().get(`${API}/courses/${course.id}`).expect(200);
      expect(outline.body.sections).toHaveLength(6);
    } finally {
      knex.removeListener('query', listener);
    }
    expect(queries.length).toBeLessThanOrEqual(2);
  });

  it('lets signed-in users comment on published lessons; the author or a moderator deletes', async () => {
    const { course, text } = await courseWithLessons();
    await http().post(`${API}/lessons/${text.id}/comments`).set(as(instructor)).send({ body: 'too early' }).expect(409);
    await http().post(`${API}/courses/${course.id}/publish`).set(as(instructor)).expect(200);
    await http().post(`${API}/lessons/${text.id}/comments`).send({ body: 'anon' }).expect(401);
    await http().post(`${API}/lessons/${text.id}/comments`).set(as(learner)).send({ body: '' }).expect(400);
    await http()
      .post(`${API}/lessons/${text.id}/comments`)
      .set(as(learner))
      .send({ body: 'x'.repeat(2001) })
      .expect(400);
    const mine = (
      await http().post(`${API}/lessons/${text.id}/comments`).set(as(learner)).send({ body: '<b>hi</b>' }).expect(201)
    ).body;
    expect(mine.body).toBe('<b>hi</b>');
    const spam = (
      await http().post(`${API}/lessons/${text.id}/comments`).set(as(learner)).send({ body: 'spam' }).expect(201)
    ).body;
    const list = await http().get(`${API}/lessons/${text.id}/comments?limit=1`).set(as(otherLearner)).expect(200);
    expect(list.body).toMatchObject({ total: 2, page: 1, limit: 1 });
    await http().delete(`${API}/comments/${spam.id}`).set(as(otherLearner)).expect(403);
    await http().delete(`${API}/comments/${spam.id}`).set(as(moderator)).expect(204);
    await http().delete(`${API}/comments/${mine.id}`).set(as(learner)).expect(204);
    await http().delete(`${API}/comments/${mine.id}`).set(as(learner)).expect(404);
  });

  it('publishes events with outline snapshots, revisions and the quiz answer key', async () => {
    const { course, section, quiz: quizLesson } = await courseWithLessons();
    await http().post(`${API}/courses/${course.id}/publish`).set(as(instructor)).expect(200);
    const publishedEvent = await waitFor('catalog.course.published', async () =>
      events.find((e) => e.type === CATALOG_EVENTS.coursePublished && e.payload.courseId === course.id),
    );
    const snapshot = publishedEvent.payload as {
      revision: number;
      sections: Array<{
        lessons: Array<{
          lessonId: string;
          quiz?: { passPercent: number; questions: Array<{ choiceIds: string[]; correctChoiceIds: string[] }> };
        }>;
      }>;
    };
    const key = snapshot.sections[0].lessons.find((l) => l.lessonId === quizLesson.id)!.quiz!;
    expect(key.passPercent).toBe(50);
    expect(key.questions[0].correctChoiceIds).toHaveLength(1);
    expect(key.questions[0].choiceIds).toHaveLength(2);

    await http()
      .post(`${API}/sections/${section.id}/lessons`)
      .set(as(instructor))
      .send({ type: 'text', title: 'More', content: 'x' })
      .expect(201);
    const updated = await waitFor('catalog.course.updated', async () =>
      events.find((e) => e.type === CATALOG_EVENTS.courseUpdated && e.payload.courseId === course.id),
    );
    expect(updated.payload.revision as number).toBeGreaterThan(snapshot.revision);
    expect(events.some((e) => e.type === CATALOG_EVENTS.lessonAdded && e.payload.courseId === course.id)).toBe(true);

    await http().delete(`${API}/courses/${course.id}`).set(as(instructor)).expect(204);
    await waitFor('catalog.course.deleted', async () =>
      events.find((e) => e.type === CATALOG_EVENTS.courseDeleted && e.payload.courseId === course.id),
    );
    await http().get(`${API}/courses/${course.id}`).set(as(instructor)).expect(404);
  });

  it('shows cover URLs once media reports the image ready, and tells media about replaced covers', async () => {
    const { course } = await courseWithLessons();
    const first = randomUUID();
    const second = randomUUID();
    const withCover = await http()
      .put(`${API}/courses/${course.id}/cover`)
      .set(as(instructor))
      .send({ mediaId: first })
      .expect(200);
    expect(withCover.body).toMatchObject({ coverMediaId: first, coverUrl: null, coverSmallUrl: null });
    channel.publish(
      catalog.config.EVENTS_EXCHANGE,
      MEDIA_EVENTS.imageProcessed,
      Buffer.from(
        JSON.stringify({
          id: randomUUID(),
          type: MEDIA_EVENTS.imageProcessed,
          version: 1,
          occurredAt: new Date().toISOString(),
          correlationId: 'test',
          source: 'media',
          payload: {
            mediaId: first,
            ownerId: instructor.id,
            status: 'ready',
            reason: null,
            variants: { small: { width: 200, height: 112 } },
          },
        }),
      ),
    );
    const ready = await waitFor('the cover to be ready', async () => {
      const body = (await http().get(`${API}/courses/${course.id}`).set(as(instructor))).body;
      return body.coverUrl ? body : undefined;
    });
    expect(ready).toMatchObject({
      coverUrl: `/api/media/${first}/file`,
      coverSmallUrl: `/api/media/${first}/file?variant=small`,
    });
    await http().put(`${API}/courses/${course.id}/cover`).set(as(instructor)).send({ mediaId: second }).expect(200);
    const changed = await waitFor('catalog.course.cover-changed', async () =>
      events.find((e) => e.type === CATALOG_EVENTS.courseCoverChanged && e.payload.mediaId === second),
    );
    expect(changed.payload.previousMediaId).toBe(first);
  });
});
