import { randomUUID } from 'node:crypto';
import { maybeCorrelationId } from '@platform/service-kit';
import { waitFor } from '@platform/testing';
import { Client } from 'pg';
import { API, as, newQuiz, oneSection, ProgressHarness } from './progress-harness';

describe('progress: enrolment, completion and the course view (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let harness: ProgressHarness;
  const http = () => harness.http();

  beforeAll(async () => {
    harness = await ProgressHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('enrols any signed-in user in a course it learnt about from catalog, once', async () => {
    const learner = await harness.learner();
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId: randomUUID() }).expect(404);
    await http().post(`${API}/enrollments`).send({ courseId: randomUUID() }).expect(401);
    const [a, b] = [randomUUID(), randomUUID()];
    const courseId = await harness.publishCourse({ ...oneSection([a, b]), title: 'Algebra' });
    const instructor = await harness.issuer.user('instructor');
    await harness.enrol(instructor, courseId);
    const enrolled = await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(201);
    expect(enrolled.body).toEqual({
      courseId,
      title: 'Algebra',
      courseStatus: 'published',
      enrolledAt: expect.any(String),
      completedAt: null,
      certificateId: null,
      percent: 0,
      completedLessons: 0,
      totalLessons: 2,
    });
    const again = await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId }).expect(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: expect.any(String), message: expect.any(String) });
  });

  it('lists my enrolments newest first with their figures, paginated', async () => {
    const learner = await harness.learner();
    const lessons = [randomUUID(), randomUUID(), randomUUID()];
    const first = await harness.publishCourse(oneSection(lessons));
    const second = await harness.publishCourse(oneSection([randomUUID()]));
    await harness.enrol(learner, first);
    await harness.enrol(learner, second);
    await http().post(`${API}/lessons/${lessons[0]}/complete`).set(as(learner)).expect(200);

    const all = await http().get(`${API}/enrollments`).set(as(learner)).expect(200);
    expect(all.body).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect(all.body.items.map((item: { courseId: string }) => item.courseId)).toEqual([second, first]);
    expect(all.body.items[1]).toMatchObject({
      courseId: first,
      percent: 33,
      completedLessons: 1,
      totalLessons: 3,
      completedAt: null,
      certificateId: null,
      courseStatus: 'published',
      title: expect.any(String),
      enrolledAt: expect.any(String),
    });
    const page2 = await http().get(`${API}/enrollments?page=2&limit=1`).set(as(learner)).expect(200);
    expect(page2.body).toMatchObject({ total: 2, page: 2, limit: 1, items: [{ courseId: first }] });
    const other = await harness.learner();
    expect((await http().get(`${API}/enrollments`).set(as(other)).expect(200)).body).toEqual({
      items: [],
      total: 0,
      page: 1,
      limit: 20,
    });
  });

  it('completes lessons idempotently, for enrolled learners only, and shows the outline with my completion', async () => {
    const [learner, stranger] = [await harness.learner(), await harness.learner()];
    const [a, b] = [randomUUID(), randomUUID()];
    const course = oneSection([a, b]);
    const courseId = await harness.publishCourse(course);
    await http().post(`${API}/lessons/${a}/complete`).set(as(learner)).expect(403);
    await harness.enrol(learner, courseId);
    const first = await http().post(`${API}/lessons/${a}/complete`).set(as(learner)).expect(200);
    const second = await http().post(`${API}/lessons/${a}/complete`).set(as(learner)).expect(200);
    expect(first.body).toEqual({
      lessonId: a,
      courseId,
      completed: true,
      completedLessons: 1,
      totalLessons: 2,
      percent: 50,
    });
    expect(second.body).toEqual(first.body);
    await http().post(`${API}/lessons/${randomUUID()}/complete`).set(as(learner)).expect(404);

    const view = await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200);
    expect(view.body).toEqual({
      courseId,
      courseStatus: 'published',
      enrolled: true,
      certificateId: null,
      percent: 50,
      completedLessons: 1,
      totalLessons: 2,
      sections: [
        {
          id: course.sections[0].id,
          lessons: [
            { id: a, completed: true },
            { id: b, completed: false },
          ],
        },
      ],
    });
    // Not enrolled in a published course: an answer, not an error (a course page asks it of every
    // signed-in visitor): nothing completed, whatever others did; never seen published: 404.
    const outside = await http().get(`${API}/courses/${courseId}`).set(as(stranger)).expect(200);
    expect(outside.body).toMatchObject({ enrolled: false, certificateId: null, percent: 0, completedLessons: 0 });
    expect(outside.body.sections[0].lessons).toEqual([
      { id: a, completed: false },
      { id: b, completed: false },
    ]);
    await http().get(`${API}/courses/${randomUUID()}`).set(as(stranger)).expect(404);
    await http().get(`${API}/courses/${courseId}`).expect(401);
  });

  it('checks the access token on the hot read itself, as the global guard does on every other route', async () => {
    const learner = await harness.issuer.user('learner');
    const courseId = await harness.publishCourse(oneSection([randomUUID()]));
    await harness.enrol(learner, courseId);
    const read = (authorization?: string) => {
      const request = http().get(`${API}/courses/${courseId}`);
      return authorization ? request.set('authorization', authorization) : request;
    };
    await read(`Bearer ${learner.token}`).expect(200);
    const refusals: Array<[string, string | undefined, string]> = [
      ['no header', undefined, 'Missing bearer token'],
      ['another scheme', `Basic ${learner.token}`, 'Authorization header must be "Bearer <token>"'],
      ['not a token', 'Bearer not-a-token', 'Invalid access token'],
      ['expired', `Bearer ${await harness.issuer.sign(learner, { expiresIn: '-1m' })}`, 'Access token expired'],
      [
        'for another audience',
        `Bearer ${await harness.issuer.sign(learner, { audience: 'elsewhere' })}`,
        'Invalid access token',
      ],
      [
        'a subject that is not a user id',
        `Bearer ${await harness.issuer.sign({ ...learner, id: 'learner-1' })}`,
        'Invalid access token',
      ],
      [
        'a ten-year lifetime',
        `Bearer ${await harness.issuer.sign(learner, { expiresIn: '3650d' })}`,
        'Invalid access token',
      ],
    ];
    for (const [name, authorization, message] of refusals) {
      const response = await read(authorization);
      expect([name, response.status, response.body]).toEqual([name, 401, expect.objectContaining({ message })]);
      // The same on a route behind the global guard, which reads the caller's rows by their id.
      const listed = await http()
        .get(`${API}/enrollments`)
        .set('authorization', authorization ?? '');
      expect([name, listed.status]).toEqual([name, 401]);
    }
    // Checked before the parameter: without a token, a bad id says nothing about the course route.
    await http().get(`${API}/courses/not-a-uuid`).expect(401);
    const bad = await http().get(`${API}/courses/not-a-uuid`).set(as(learner)).expect(400);
    expect(bad.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'courseId must be a UUID' });
  });

  it('refuses a manual complete of a quiz lesson not yet passed (409)', async () => {
    const learner = await harness.learner();
    const quiz = newQuiz();
    const courseId = await harness.publishCourse(oneSection([quiz]));
    await harness.enrol(learner, courseId);
    const refused = await http().post(`${API}/lessons/${quiz.lessonId}/complete`).set(as(learner)).expect(409);
    expect(refused.body.message).toMatch(/passing/);
  });

  it('announces a learner’s first 100 % once, even when they complete lessons again', async () => {
    const learner = await harness.learner();
    const [a, b] = [randomUUID(), randomUUID()];
    const courseId = await harness.publishCourse(oneSection([a, b]));
    await harness.enrol(learner, courseId);
    await http().post(`${API}/lessons/${a}/complete`).set(as(learner)).expect(200);
    await Promise.all(
      Array.from({ length: 5 }, () => http().post(`${API}/lessons/${b}/complete`).set(as(learner)).expect(200)),
    );
    await http().post(`${API}/lessons/${a}/complete`).set(as(learner)).expect(200);
    const event = await waitForEvent(harness, learner.id, courseId);
    expect(event).toMatchObject({
      type: 'progress.course.completed',
      source: 'progress',
      payload: { userId: learner.id, courseId, completedAt: expect.any(String) },
    });
    expect(await harness.completionsRecorded(learner.id, courseId)).toBe(1);
    const [mine] = (await http().get(`${API}/enrollments`).set(as(learner)).expect(200)).body.items;
    expect(mine).toMatchObject({ percent: 100, completedAt: event.payload.completedAt });
  });

  it('reads a course’s progress in one prepared statement (two when its outline is not cached yet), whatever its size', async () => {
    const learner = await harness.learner();
    const course = {
      courseId: randomUUID(),
      sections: Array.from({ length: 10 }, () => ({
        id: randomUUID(),
        lessons: Array.from({ length: 10 }, () => randomUUID()),
      })),
    };
    await harness.publishCourse(course);
    await harness.enrol(learner, course.courseId);
    for (const section of course.sections)
      await http().post(`${API}/lessons/${section.lessons[0]}/complete`).set(as(learner)).expect(200);

    // Every statement any PostgreSQL client of this process sends while serving the request,
    // told apart from the outbox relay's by the request's correlation id.
    const counted = new Map<string, string[]>();
    const original = Client.prototype.query;
    const patched = function (this: Client, ...args: unknown[]) {
      const id = maybeCorrelationId();
      const config = args[0] as string | { text: string };
      if (id && counted.has(id)) counted.get(id)!.push(typeof config === 'string' ? config : config.text);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    Client.prototype.query = patched as typeof Client.prototype.query;
    const queriesOf = async (): Promise<string[]> => {
      const id = `count-${randomUUID()}`;
      counted.set(id, []);
      const response = await http()
        .get(`${API}/courses/${course.courseId}`)
        .set(as(learner))
        .set('x-correlation-id', id)
        .expect(200);
      expect(response.body).toMatchObject({ percent: 10, completedLessons: 10, totalLessons: 100 });
      return counted.get(id)!;
    };
    try {
      expect(await queriesOf()).toHaveLength(2);
      expect(await queriesOf()).toHaveLength(1);
      expect(await queriesOf()).toHaveLength(1);
    } finally {
      Client.prototype.query = original;
    }
  });

  it('answers bad input with a 4xx and the error body, never a 500', async () => {
    const learner = await harness.learner();
    const quiz = newQuiz(3);
    const courseId = await harness.publishCourse(oneSection([quiz]));
    await harness.enrol(learner, courseId);
    const attempts = `${API}/quizzes/${quiz.lessonId}/attempts`;
    const tooMany = Array.from({ length: 201 }, () => ({ questionId: quiz.questionId, choiceIds: [] }));
    const cases: Array<[string, () => ReturnType<ReturnType<typeof http>['get']>]> = [
      ['enrol: no body', () => http().post(`${API}/enrollments`).set(as(learner))],
      ['enrol: empty object', () => http().post(`${API}/enrollments`).set(as(learner)).send({})],
      ['enrol: number id', () => http().post(`${API}/enrollments`).set(as(learner)).send({ courseId: 7 })],
      ['enrol: not a uuid', () => http().post(`${API}/enrollments`).set(as(learner)).send({ courseId: 'nope' })],
      ['enrol: extra field', () => http().post(`${API}/enrollments`).set(as(learner)).send({ courseId, admin: true })],
      ['enrol: array body', () => http().post(`${API}/enrollments`).set(as(learner)).send([courseId])],
      [
        'enrol: broken JSON',
        () =>
          http()
            .post(`${API}/enrollments`)
            .set(as(learner))
            .set('content-type', 'application/json')
            .send('{"courseId":'),
      ],
      [
        'enrol: text body',
        () => http().post(`${API}/enrollments`).set(as(learner)).set('content-type', 'text/plain').send(courseId),
      ],
      [
        'enrol: 800 KB of nesting',
        () =>
          http()
            .post(`${API}/enrollments`)
            .set(as(learner))
            .set('content-type', 'application/json')
            .send(`{"courseId":${'['.repeat(400_000)}${']'.repeat(400_000)}}`),
      ],
      ['list: page 5e17', () => http().get(`${API}/enrollments?page=5e17`).set(as(learner))],
      ['list: page of 20 digits', () => http().get(`${API}/enrollments?page=12345678901234567890`).set(as(learner))],
      ['list: page 0', () => http().get(`${API}/enrollments?page=0`).set(as(learner))],
      ['list: page -1', () => http().get(`${API}/enrollments?page=-1`).set(as(learner))],
      ['list: page abc', () => http().get(`${API}/enrollments?page=abc`).set(as(learner))],
      ['list: page 1e20', () => http().get(`${API}/enrollments?page=1e20`).set(as(learner))],
      ['list: limit 0', () => http().get(`${API}/enrollments?limit=0`).set(as(learner))],
      ['list: limit 101', () => http().get(`${API}/enrollments?limit=101`).set(as(learner))],
      ['list: limit 1.5', () => http().get(`${API}/enrollments?limit=1.5`).set(as(learner))],
      ['list: unknown parameter', () => http().get(`${API}/enrollments?sort=evil`).set(as(learner))],
      ['complete: not a uuid', () => http().post(`${API}/lessons/1%27%20or%201=1/complete`).set(as(learner))],
      ['course: not a uuid', () => http().get(`${API}/courses/${courseId}x`).set(as(learner))],
      [
        'attempt: lesson not a uuid',
        () => http().post(`${API}/quizzes/x/attempts`).set(as(learner)).send({ answers: [] }),
      ],
      ['attempt: no answers', () => http().post(attempts).set(as(learner)).send({})],
      ['attempt: answers not an array', () => http().post(attempts).set(as(learner)).send({ answers: 'all right' })],
      [
        'attempt: null answer',
        () =>
          http()
            .post(attempts)
            .set(as(learner))
            .send({ answers: [null] }),
      ],
      [
        'attempt: choiceIds not an array',
        () =>
          http()
            .post(attempts)
            .set(as(learner))
            .send({ answers: [{ questionId: quiz.questionId, choiceIds: 'x' }] }),
      ],
      [
        'attempt: unknown question',
        () =>
          http()
            .post(attempts)
            .set(as(learner))
            .send({ answers: [{ questionId: randomUUID(), choiceIds: [] }] }),
      ],
      [
        'attempt: unknown choice',
        () =>
          http()
            .post(attempts)
            .set(as(learner))
            .send({ answers: [{ questionId: quiz.questionId, choiceIds: [randomUUID()] }] }),
      ],
      [
        'attempt: question answered twice',
        () =>
          http()
            .post(attempts)
            .set(as(learner))
            .send({
              answers: [
                { questionId: quiz.questionId, choiceIds: [quiz.right] },
                { questionId: quiz.questionId, choiceIds: [quiz.wrong] },
              ],
            }),
      ],
      ['attempt: too many answers', () => http().post(attempts).set(as(learner)).send({ answers: tooMany })],
      [
        'attempt: bad idempotency key',
        () => http().post(attempts).set(as(learner)).set('idempotency-key', 'no spaces!').send({ answers: [] }),
      ],
      [
        'attempt: long idempotency key',
        () => http().post(attempts).set(as(learner)).set('idempotency-key', 'k'.repeat(201)).send({ answers: [] }),
      ],
      [
        'attempt: not a quiz lesson',
        () => http().post(`${API}/quizzes/${randomUUID()}/attempts`).set(as(learner)).send({ answers: [] }),
      ],
      ['no token', () => http().get(`${API}/enrollments`)],
      ['garbage token', () => http().get(`${API}/enrollments`).set('authorization', 'Bearer x.y.z')],
      ['basic auth', () => http().get(`${API}/enrollments`).set('authorization', 'Basic dXNlcjpwdw==')],
    ];
    for (const [name, send] of cases) {
      const response = await send();
      expect({ name, status: response.status >= 400 && response.status < 500 }).toEqual({ name, status: true });
      expect(response.body).toMatchObject({ statusCode: response.status, error: expect.any(String) });
    }
    // None of those counted as an attempt.
    const [{ count }] = await harness.sql<{ count: string }>('select count(*) from quiz_attempts where lesson_id = ?', [
      quiz.lessonId,
    ]);
    expect(Number(count)).toBe(0);
  });
});

function waitForEvent(harness: ProgressHarness, userId: string, courseId: string) {
  return waitFor('progress.course.completed on the broker', async () =>
    harness.events.find((event) => event.payload.userId === userId && event.payload.courseId === courseId),
  );
}
