import { randomUUID } from 'node:crypto';
import { BACKEND_SERVICES, CATALOG_EVENTS, type CourseOutlineSnapshot, PROGRESS_EVENTS } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { type ServiceUnderTest, startServiceUnderTest } from '@platform/service-testing';
import { startTestTokenIssuer, type TestTokenIssuer, testAmqpUrl, waitFor } from '@platform/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { ProgressConfig } from '../src/config/progress.config';
import { ReadModelService } from '../src/read-model/read-model.service';

const API = BACKEND_SERVICES.progress.routePrefix;
type Caller = { id: string; token: string };

interface QuizSpec {
  lessonId: string;
  questionId: string;
  right: string;
  wrong: string;
  maxAttempts: number | null;
}

function snapshot(
  courseId: string,
  revision: number,
  lessons: Array<{ id: string; quiz?: QuizSpec }>,
): CourseOutlineSnapshot {
  const sectionId = `${courseId.slice(0, 24)}000000000001`;
  return {
    courseId,
    revision,
    title: `Course ${courseId.slice(0, 4)}`,
    slug: courseId,
    instructorId: randomUUID(),
    sections: [
      {
        sectionId,
        title: 'Only',
        position: 1,
        lessons: lessons.map((lesson, index) => ({
          lessonId: lesson.id,
          type: lesson.quiz ? 'quiz' : 'text',
          title: `L${index}`,
          position: index + 1,
          ...(lesson.quiz
            ? {
                quiz: {
                  passPercent: 100,
                  maxAttempts: lesson.quiz.maxAttempts,
                  questions: [
                    {
                      questionId: lesson.quiz.questionId,
                      choiceIds: [lesson.quiz.right, lesson.quiz.wrong],
                      correctChoiceIds: [lesson.quiz.right],
                    },
                  ],
                },
              }
            : {}),
        })),
      },
    ],
  };
}

const newQuiz = (maxAttempts: number | null = null): QuizSpec => ({
  lessonId: randomUUID(),
  questionId: randomUUID(),
  right: randomUUID(),
  wrong: randomUUID(),
  maxAttempts,
});

describe('progress over HTTP, fed by catalog events (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let issuer: TestTokenIssuer;
  let progress: ServiceUnderTest<ProgressConfig>;
  let broker: ChannelModel;
  let channel: Channel;
  const completedEvents: Array<{ id: string; payload: { userId: string; courseId: string } }> = [];
  const http = () => request(progress.app.getHttpServer());
  const as = (caller: Caller) => ({ authorization: `Bearer ${caller.token}` });

  function publish(type: string, payload: object, id: string = randomUUID()): string {
    const envelope = {
      id,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: 'test',
      source: 'catalog',
      payload,
    };
    channel.publish(progress.config.EVENTS_EXCHANGE, type, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      messageId: id,
    });
    return id;
  }

  async function publishedCourse(lessons: Array<{ id: string; quiz?: QuizSpec }>, revision = 1): Promise<string> {
    const courseId = randomUUID();
    publish(CATALOG_EVENTS.coursePublished, snapshot(courseId, revision, lessons));
    await waitFor(
      `course ${courseId} in the read model`,
      async () =>
        (
          await progress.orm.em
            .fork()
            .getConnection()
            .execute('select 1 from course_models where id = ? and published', [courseId])
        ).length > 0,
    );
    return courseId;
  }

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    progress = await startServiceUnderTest({
      name: 'progress',
      routePrefix: API,
      configClass: ProgressConfig,
      module: (config) => AppModule.forRoot(config),
      env: issuer.env,
      connectConsumers: connectEventConsumer,
    });
    broker = await connect(testAmqpUrl());
    channel = await broker.createChannel();
    await channel.assertExchange(progress.config.EVENTS_EXCHANGE, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, progress.config.EVENTS_EXCHANGE, 'progress.#');
    await channel.consume(queue, (message) => message && completedEvents.push(JSON.parse(message.content.toString())), {
      noAck: true,
    });
  });

  afterAll(async () => {
    await broker?.close();
    await progress?.close();
    await issuer?.close();
  });

  it('enrols only in courses it learnt about from catalog, once', async () => {
    const learner = await issuer.user('learner');
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId: randomUUID() }).expect(404);
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId: 'nope' }).expect(400);
    await http().post(`${API}/enrollments`).send({ courseId: randomUUID() }).expect(401);
    const courseId = await publishedCourse([{ id: randomUUID() }, { id: randomUUID() }]);
    const enrolled = await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(201);
    expect(enrolled.body).toMatchObject({
      courseId,
      percent: 0,
      completedLessons: 0,
      totalLessons: 2,
      completedAt: null,
    });
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(409);
    const mine = await http().get(`${API}/enrollments`).set(as(learner)).expect(200);
    expect(mine.body).toMatchObject({ total: 1, page: 1, items: [{ courseId, percent: 0, totalLessons: 2 }] });
  });

  it('completes lessons idempotently, for enrolled learners only, and answers the outline with my completion', async () => {
    const [learner, stranger] = [await issuer.user('learner'), await issuer.user('learner')];
    const lessons = [{ id: randomUUID() }, { id: randomUUID() }];
    const courseId = await publishedCourse(lessons);
    await http().post(`${API}/lessons/${lessons[0].id}/complete`).set(as(learner)).expect(403);
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(201);
    await http().post(`${API}/lessons/${lessons[0].id}/complete`).set(as(learner)).expect(200);
    const again = await http().post(`${API}/lessons/${lessons[0].id}/complete`).set(as(learner)).expect(200);
    expect(again.body).toMatchObject({ completedLessons: 1, totalLessons: 2, percent: 50 });
    await http().post(`${API}/lessons/${randomUUID()}/complete`).set(as(learner)).expect(404);
    await http().post(`${API}/lessons/bad/complete`).set(as(learner)).expect(400);
    const view = await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200);
    expect(view.body).toEqual({
      courseId,
      percent: 50,
      completedLessons: 1,
      totalLessons: 2,
      sections: [
        {
          id: expect.any(String),
          lessons: [
            { id: lessons[0].id, completed: true },
            { id: lessons[1].id, completed: false },
          ],
        },
      ],
    });
    await http().get(`${API}/courses/${courseId}`).set(as(stranger)).expect(403);
    await http().get(`${API}/courses/${randomUUID()}`).set(as(stranger)).expect(404);
  });

  it('grades quizzes on the server; passing completes the lesson and the course, announced exactly once', async () => {
    const learner = await issuer.user('learner');
    const text = { id: randomUUID() };
    const quiz = newQuiz();
    const courseId = await publishedCourse([text, { id: quiz.lessonId, quiz }]);
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(201);
    await http().post(`${API}/lessons/${text.id}/complete`).set(as(learner)).expect(200);
    await http().post(`${API}/lessons/${quiz.lessonId}/complete`).set(as(learner)).expect(409);

    const failed = await http()
      .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
      .set(as(learner))
      .send({ answers: [{ questionId: quiz.questionId, choiceIds: [quiz.wrong] }] })
      .expect(201);
    expect(failed.body).toMatchObject({ score: 0, passed: false, correctCount: 0, total: 1, attemptNumber: 1 });
    await http()
      .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
      .set(as(learner))
      .send({ answers: [{ questionId: randomUUID(), choiceIds: [] }] })
      .expect(400);
    await http()
      .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
      .set(as(learner))
      .send({ answers: 'all right' })
      .expect(400);
    const passed = await http()
      .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
      .set(as(learner))
      .send({ answers: [{ questionId: quiz.questionId, choiceIds: [quiz.right] }] })
      .expect(201);
    expect(passed.body).toMatchObject({ score: 100, passed: true, correctCount: 1, total: 1 });
    expect((await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200)).body.percent).toBe(100);
    await http()
      .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
      .set(as(learner))
      .send({ answers: [{ questionId: quiz.questionId, choiceIds: [quiz.right] }] })
      .expect(201);
    await http().post(`${API}/lessons/${quiz.lessonId}/complete`).set(as(learner)).expect(200);

    await waitFor('progress.course.completed', async () =>
      completedEvents.find((e) => e.payload.courseId === courseId && e.payload.userId === learner.id),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      completedEvents.filter((e) => e.payload.courseId === courseId && e.payload.userId === learner.id),
    ).toHaveLength(1);
    expect(completedEvents[0]).toMatchObject({ type: PROGRESS_EVENTS.courseCompleted });
  });

  it('counts a retried submit with the same Idempotency-Key once', async () => {
    const learner = await issuer.user('learner');
    const quiz = newQuiz(5);
    const courseId = await publishedCourse([{ id: quiz.lessonId, quiz }]);
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(201);
    const body = { answers: [{ questionId: quiz.questionId, choiceIds: [quiz.wrong] }] };
    const first = await http()
      .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
      .set(as(learner))
      .set('idempotency-key', 'tab-1-submit')
      .send(body)
      .expect(201);
    const retry = await http()
      .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
      .set(as(learner))
      .set('idempotency-key', 'tab-1-submit')
      .send(body)
      .expect(201);
    expect(retry.body).toEqual(first.body);
    expect(first.body).toMatchObject({ attemptNumber: 1, attemptsLeft: 4 });
    const next = await http()
      .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
      .set(as(learner))
      .set('idempotency-key', 'tab-1-second')
      .send(body)
      .expect(201);
    expect(next.body.attemptNumber).toBe(2);
    await http()
      .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
      .set(as(learner))
      .set('idempotency-key', 'bad key!')
      .send(body)
      .expect(400);
  });

  it('never exceeds the attempt limit, even with many simultaneous submits', async () => {
    const learner = await issuer.user('learner');
    const quiz = newQuiz(3);
    const courseId = await publishedCourse([{ id: quiz.lessonId, quiz }]);
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(201);
    const body = { answers: [{ questionId: quiz.questionId, choiceIds: [quiz.wrong] }] };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        http().post(`${API}/quizzes/${quiz.lessonId}/attempts`).set(as(learner)).send(body),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(17);
    const rows = await progress.orm.em
      .fork()
      .getConnection()
      .execute<
        Array<{ attempt_number: number }>
      >('select attempt_number from quiz_attempts where lesson_id = ? order by 1', [quiz.lessonId]);
    expect(rows.map((r: { attempt_number: number }) => r.attempt_number)).toEqual([1, 2, 3]);
  });

  it('follows catalog: removed lessons leave the figure, stale and redelivered snapshots change nothing, unpublished courses take no enrolments', async () => {
    const learner = await issuer.user('learner');
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const courseId = await publishedCourse([{ id: a }, { id: b }, { id: c }]);
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(201);
    await http().post(`${API}/lessons/${a}/complete`).set(as(learner)).expect(200);
    await http().post(`${API}/lessons/${b}/complete`).set(as(learner)).expect(200);
    expect((await http().get(`${API}/courses/${courseId}`).set(as(learner))).body.percent).toBe(66);

    const eventId = publish(CATALOG_EVENTS.courseUpdated, snapshot(courseId, 3, [{ id: a }, { id: c }]));
    await waitFor(
      'revision 3',
      async () => (await http().get(`${API}/courses/${courseId}`).set(as(learner))).body.totalLessons === 2,
    );
    expect((await http().get(`${API}/courses/${courseId}`).set(as(learner))).body).toMatchObject({
      percent: 50,
      completedLessons: 1,
    });

    publish(CATALOG_EVENTS.courseUpdated, snapshot(courseId, 2, [{ id: a }, { id: b }, { id: c }]));
    publish(CATALOG_EVENTS.courseUpdated, snapshot(courseId, 3, [{ id: a }]), eventId);
    publish(CATALOG_EVENTS.courseUnpublished, { courseId, revision: 4 });
    await waitFor(
      'the course to be withdrawn',
      async () =>
        (
          await http()
            .post(`${API}/enrollments`)
            .set(as(await issuer.user('learner')))
            .send({ courseId })
        ).status === 404,
    );
    expect((await http().get(`${API}/courses/${courseId}`).set(as(learner))).body).toMatchObject({
      totalLessons: 2,
      percent: 50,
    });
  });

  it('reads a course’s progress in two queries', async () => {
    const learner = await issuer.user('learner');
    const lessons = Array.from({ length: 30 }, () => ({ id: randomUUID() }));
    const courseId = await publishedCourse(lessons);
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(201);
    const knex = progress.orm.em.getConnection().getKnex();
    const queries: string[] = [];
    const listener = (query: { sql: string }) => queries.push(query.sql);
    knex.on('query', listener);
    try {
      await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200);
    } finally {
      knex.removeListener('query', listener);
    }
    expect(queries).toHaveLength(2);
  });

  it('never gives a wrong percent over random sequences of lesson adds, removes and completions', async () => {
    const readModel = progress.app.get(ReadModelService);
    for (const seed of [1, 7, 42]) {
      let state = seed;
      const random = (n: number) => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state % n;
      };
      const learner = await issuer.user('learner');
      let lessons = [{ id: randomUUID() }];
      const done = new Set<string>();
      let revision = 1;
      const courseId = await publishedCourse(lessons, revision);
      await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(201);
      for (let step = 0; step < 25; step++) {
        const action = random(3);
        if (action === 0) lessons = [...lessons, { id: randomUUID() }];
        if (action === 1 && lessons.length > 1) lessons = lessons.filter((_, i) => i !== random(lessons.length));
        if (action !== 2) {
          revision++;
          await progress.orm.em
            .fork()
            .transactional(() => readModel.applySnapshot(snapshot(courseId, revision, lessons)));
        } else {
          const lesson = lessons[random(lessons.length)];
          await http().post(`${API}/lessons/${lesson.id}/complete`).set(as(learner)).expect(200);
          done.add(lesson.id);
        }
        const current = lessons.filter((lesson) => done.has(lesson.id)).length;
        const expected = Math.floor((current * 100) / lessons.length);
        const view = (await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200)).body;
        expect({
          seed,
          step,
          percent: view.percent,
          completed: view.completedLessons,
          total: view.totalLessons,
        }).toEqual({
          seed,
          step,
          percent: expected,
          completed: current,
          total: lessons.length,
        });
        expect(view.percent).toBeGreaterThanOrEqual(0);
        expect(view.percent).toBeLessThanOrEqual(100);
      }
    }
  });
});
