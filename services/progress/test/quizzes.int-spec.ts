import { randomUUID } from 'node:crypto';
import { waitFor } from '@platform/testing';
import { Migration20261204054300 } from '../src/migrations/Migration20261204054300';
import {
  API,
  as,
  type Caller,
  newQuiz,
  oneSection,
  ProgressHarness,
  type QuizSpec,
  snapshot,
} from './progress-harness';

describe('progress: quizzes graded on the server, within their attempt limit (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let harness: ProgressHarness;
  const http = () => harness.http();
  const attempt = (caller: Caller, quiz: QuizSpec, choice: 'right' | 'wrong', key?: string) => {
    const call = http().post(`${API}/quizzes/${quiz.lessonId}/attempts`).set(as(caller));
    if (key) call.set('idempotency-key', key);
    return call.send({ answers: [{ questionId: quiz.questionId, choiceIds: [quiz[choice]] }] });
  };

  beforeAll(async () => {
    harness = await ProgressHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('grades against the answer key: a question is right when the chosen set equals the correct set', async () => {
    const learner = await harness.learner();
    // Three questions, pass at 60 %: q1 single choice, q2 two correct choices, q3 single choice.
    const ids = Array.from({ length: 10 }, () => randomUUID());
    const [q1, q2, q3, a1, b1, a2, b2, c2, a3, b3] = ids;
    const lessonId = randomUUID();
    const courseId = randomUUID();
    await harness.deliver('catalog.course.published', {
      courseId,
      revision: 1,
      title: 'Quiz course',
      slug: 'quiz-course',
      instructorId: randomUUID(),
      sections: [
        {
          sectionId: randomUUID(),
          title: 'S',
          position: 1,
          lessons: [
            {
              lessonId,
              type: 'quiz',
              title: 'Check',
              position: 1,
              quiz: {
                passPercent: 60,
                maxAttempts: 5,
                review: 'immediately',
                allowRetakeAfterPass: true,
                questions: [
                  { questionId: q1, choiceIds: [a1, b1], correctChoiceIds: [a1], explanation: 'One is a1.' },
                  { questionId: q2, choiceIds: [a2, b2, c2], correctChoiceIds: [a2, c2], explanation: null },
                  { questionId: q3, choiceIds: [a3, b3], correctChoiceIds: [b3], explanation: 'Three is b3.' },
                ],
              },
            },
          ],
        },
      ],
    });
    await harness.enrol(learner, courseId);
    const submit = (answers: Array<{ questionId: string; choiceIds: string[] }>) =>
      http().post(`${API}/quizzes/${lessonId}/attempts`).set(as(learner)).send({ answers });

    // q2 half right counts as wrong; q3 unanswered counts as wrong.
    const first = await submit([
      { questionId: q1, choiceIds: [a1] },
      { questionId: q2, choiceIds: [a2] },
    ]).expect(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      attemptNumber: 1,
      score: 33,
      passed: false,
      total: 3,
      createdAt: expect.any(String),
      correctCount: 1,
      questions: [
        { questionId: q1, choiceIds: [a1], correct: true, correctChoiceIds: [a1], explanation: 'One is a1.' },
        { questionId: q2, choiceIds: [a2], correct: false, correctChoiceIds: [a2, c2], explanation: null },
        { questionId: q3, choiceIds: [], correct: false, correctChoiceIds: [b3], explanation: 'Three is b3.' },
      ],
      maxAttempts: 5,
      attemptsUsed: 1,
      attemptsLeft: 4,
      quizPassed: false,
      canAttempt: true,
      reviewAvailable: true,
    });
    expect((await http().get(`${API}/courses/${courseId}`).set(as(learner))).body.percent).toBe(0);

    // Order of choices does not matter; 2 of 3 = 66 % ≥ 60 %: passed, and the lesson is complete.
    const second = await submit([
      { questionId: q2, choiceIds: [c2, a2] },
      { questionId: q1, choiceIds: [a1] },
      { questionId: q3, choiceIds: [a3] },
    ]).expect(201);
    expect(second.body).toMatchObject({
      score: 66,
      passed: true,
      correctCount: 2,
      total: 3,
      attemptNumber: 2,
      attemptsLeft: 3,
      quizPassed: true,
      canAttempt: true,
    });
    const view = (await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200)).body;
    expect(view).toMatchObject({ percent: 100, completedLessons: 1, totalLessons: 1 });
    // Passed: a manual complete is now accepted and changes nothing.
    await http().post(`${API}/lessons/${lessonId}/complete`).set(as(learner)).expect(200);
    await waitFor('progress.course.completed', async () =>
      harness.events.find((event) => event.payload.userId === learner.id && event.payload.courseId === courseId),
    );
    // A later failed attempt (this quiz takes retakes) does not undo the completion.
    expect((await submit([]).expect(201)).body).toMatchObject({ passed: false, quizPassed: true });
    expect((await http().get(`${API}/courses/${courseId}`).set(as(learner))).body.percent).toBe(100);
    expect(await harness.completionsRecorded(learner.id, courseId)).toBe(1);
  });

  it('only takes attempts from enrolled learners on published quiz lessons', async () => {
    const [learner, stranger] = [await harness.learner(), await harness.learner()];
    const quiz = newQuiz();
    const text = randomUUID();
    const courseId = await harness.publishCourse(oneSection([text, quiz]));
    await harness.enrol(learner, courseId);
    await attempt(stranger, quiz, 'right').expect(403);
    await http().post(`${API}/quizzes/${text}/attempts`).set(as(learner)).send({ answers: [] }).expect(400);
    await http().post(`${API}/quizzes/${randomUUID()}/attempts`).set(as(learner)).send({ answers: [] }).expect(404);
  });

  it('counts a retried submit with the same Idempotency-Key once, even when the retries race', async () => {
    const learner = await harness.learner();
    const quiz = newQuiz(5);
    const courseId = await harness.publishCourse(oneSection([quiz]));
    await harness.enrol(learner, courseId);
    const first = await attempt(learner, quiz, 'wrong', 'tab-1-submit').expect(201);
    expect(first.body).toMatchObject({ attemptNumber: 1, attemptsLeft: 4, passed: false });
    const retry = await attempt(learner, quiz, 'wrong', 'tab-1-submit').expect(201);
    expect(retry.body).toEqual(first.body);

    const raced = await Promise.all(Array.from({ length: 8 }, () => attempt(learner, quiz, 'wrong', 'tab-2-submit')));
    expect(raced.map((response) => response.status)).toEqual(Array(8).fill(201));
    expect(new Set(raced.map((response) => response.body.attemptNumber))).toEqual(new Set([2]));
    const next = await attempt(learner, quiz, 'wrong', 'tab-1-second').expect(201);
    expect(next.body.attemptNumber).toBe(3);
    // The same key on another learner is another attempt.
    const other = await harness.learner();
    await harness.enrol(other, courseId);
    expect((await attempt(other, quiz, 'wrong', 'tab-1-submit').expect(201)).body.attemptNumber).toBe(1);
  });

  it('never exceeds the attempt limit, even with many simultaneous submits: exactly the limit is recorded', async () => {
    const learner = await harness.learner();
    const quiz = newQuiz(3);
    const courseId = await harness.publishCourse(oneSection([quiz]));
    await harness.enrol(learner, courseId);
    const results = await Promise.all(Array.from({ length: 20 }, () => attempt(learner, quiz, 'wrong')));
    const statuses = results.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(17);
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.attemptNumber))).toEqual(
      new Set([1, 2, 3]),
    );
    const rows = await harness.sql<{ attempt_number: number }>(
      'select attempt_number from quiz_attempts where user_id = ? and lesson_id = ? order by 1',
      [learner.id, quiz.lessonId],
    );
    expect(rows.map((row) => row.attempt_number)).toEqual([1, 2, 3]);
    const refused = await attempt(learner, quiz, 'right').expect(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'No attempts left for this quiz: its limit is 3 attempts',
    });
  });

  it('holds the limit in the database itself: a row beyond it is refused by the CHECK constraint', async () => {
    const learner = await harness.learner();
    const quiz = newQuiz(1);
    const courseId = await harness.publishCourse(oneSection([quiz]));
    await harness.enrol(learner, courseId);
    await expect(
      harness.sql(
        `insert into quiz_attempts (id, user_id, lesson_id, attempt_number, max_attempts, score, correct_count, total, passed, created_at)
         values (?, ?, ?, 2, 1, 0, 0, 1, false, now())`,
        [randomUUID(), learner.id, quiz.lessonId],
      ),
    ).rejects.toThrow(/quiz_attempts_within_limit/);
  });

  /** What a learner must not learn before review: which questions were right, the right choices, why. */
  const expectNoReview = (body: Record<string, unknown>, quiz: QuizSpec) => {
    for (const field of ['correctCount', 'questions']) expect(body).not.toHaveProperty(field);
    const text = JSON.stringify(body);
    expect(text).not.toContain(quiz.right);
    expect(text).not.toMatch(/correct|explanation|Because/);
    if (quiz.explanation) expect(text).not.toContain(quiz.explanation);
  };
  const expectReview = (body: { questions?: unknown }, quiz: QuizSpec, choice: 'right' | 'wrong') =>
    expect(body.questions).toEqual([
      {
        questionId: quiz.questionId,
        choiceIds: [quiz[choice]],
        correct: choice === 'right',
        correctChoiceIds: [quiz.right],
        explanation: quiz.explanation,
      },
    ]);
  const historyOf = (caller: Caller, quiz: QuizSpec) =>
    http().get(`${API}/quizzes/${quiz.lessonId}/attempts`).set(as(caller));

  async function enrolledIn(quiz: QuizSpec): Promise<Caller> {
    const learner = await harness.learner();
    await harness.enrol(learner, await harness.publishCourse(oneSection([quiz])));
    return learner;
  }

  it('gives a quiz whose key names no rules (an older catalog) the default limit of 3 attempts', async () => {
    const quiz = newQuiz(3);
    const course = oneSection([quiz]);
    const published = snapshot(course, 1);
    const lesson = published.sections[0].lessons[0] as { quiz?: Record<string, unknown> };
    for (const rule of ['maxAttempts', 'review', 'allowRetakeAfterPass']) delete lesson.quiz![rule];
    await harness.deliver('catalog.course.published', published);
    const learner = await harness.learner();
    await harness.enrol(learner, course.courseId);
    for (const number of [1, 2, 3])
      expect((await attempt(learner, quiz, 'wrong').expect(201)).body).toMatchObject({
        attemptNumber: number,
        attemptsLeft: 3 - number,
      });
    expect((await attempt(learner, quiz, 'right').expect(409)).body.message).toMatch(/limit is 3 attempts/);
  });

  it('gives answer keys held before the quiz rules existed the defaults (migration), keeping rules already set', async () => {
    const [old, set] = [newQuiz(3), newQuiz(7, 100, { review: 'immediately', explanation: 'Kept.' })];
    const course = oneSection([old, set]);
    await harness.publishCourse(course);
    await harness.sql(
      `update lesson_models set quiz = (quiz - 'review' - 'allowRetakeAfterPass')
         || jsonb_build_object('maxAttempts', null, 'questions', jsonb_build_array((quiz -> 'questions' -> 0) - 'explanation'))
       where id = ?`,
      [old.lessonId],
    );
    const orm = harness.progress.orm;
    await orm.em.fork().transactional(async (em) => {
      const migration = new Migration20261204054300(orm.em.getDriver(), orm.config);
      migration.setTransactionContext(em.getTransactionContext()!);
      await migration.up();
      // up() only queues its statements: run them as the migrator does.
      for (const query of migration.getQueries())
        await em.getConnection().execute(String(query), [], 'run', em.getTransactionContext());
    });
    const keys = await harness.sql<{ id: string; quiz: Record<string, unknown> & { questions: unknown[] } }>(
      'select id, quiz from lesson_models where id in (?, ?)',
      [old.lessonId, set.lessonId],
    );
    const keyOf = (quiz: QuizSpec) => keys.find((row) => row.id === quiz.lessonId)!.quiz;
    expect(keyOf(old)).toMatchObject({
      maxAttempts: 3,
      review: 'after-pass-or-last-attempt',
      allowRetakeAfterPass: false,
      questions: [{ questionId: old.questionId, explanation: null }],
    });
    expect(keyOf(set)).toMatchObject({
      maxAttempts: 7,
      review: 'immediately',
      questions: [{ questionId: set.questionId, explanation: 'Kept.' }],
    });
    const learner = await harness.learner();
    await harness.enrol(learner, course.courseId);
    for (let i = 0; i < 3; i++) await attempt(learner, old, 'wrong').expect(201);
    await attempt(learner, old, 'wrong').expect(409);
  });

  it('review "immediately": every attempt shows its questions, the right choices and the explanations', async () => {
    const quiz = newQuiz(3, 100, { review: 'immediately', explanation: 'Because right is right.' });
    const learner = await enrolledIn(quiz);
    const wrong = (await attempt(learner, quiz, 'wrong').expect(201)).body;
    expect(wrong).toMatchObject({ passed: false, correctCount: 0, reviewAvailable: true, canAttempt: true });
    expectReview(wrong, quiz, 'wrong');
  });

  it('review "after-pass": nothing about the questions until a pass, then every attempt’s review', async () => {
    const quiz = newQuiz(3, 100, { review: 'after-pass', explanation: 'Because right is right.' });
    const learner = await enrolledIn(quiz);
    const wrong = (await attempt(learner, quiz, 'wrong').expect(201)).body;
    expect(wrong).toMatchObject({ score: 0, passed: false, total: 1, reviewAvailable: false, attemptsLeft: 2 });
    expectNoReview(wrong, quiz);
    const before = (await historyOf(learner, quiz).expect(200)).body;
    expectNoReview(before, quiz);
    const detail = await http()
      .get(`${API}/quizzes/${quiz.lessonId}/attempts/${wrong.id}`)
      .set(as(learner))
      .expect(200);
    expectNoReview(detail.body, quiz);

    const right = (await attempt(learner, quiz, 'right').expect(201)).body;
    expect(right).toMatchObject({ passed: true, correctCount: 1, reviewAvailable: true, canAttempt: false });
    expectReview(right, quiz, 'right');
    const after = (await historyOf(learner, quiz).expect(200)).body;
    expectReview(after.items[1], quiz, 'wrong');
  });

  it('review "after-pass" never opens for a learner who used up the limit without passing', async () => {
    const quiz = newQuiz(2, 100, { review: 'after-pass', explanation: 'Because right is right.' });
    const learner = await enrolledIn(quiz);
    await attempt(learner, quiz, 'wrong').expect(201);
    const last = (await attempt(learner, quiz, 'wrong').expect(201)).body;
    expect(last).toMatchObject({ attemptsLeft: 0, canAttempt: false, reviewAvailable: false });
    expectNoReview(last, quiz);
    expectNoReview((await historyOf(learner, quiz).expect(200)).body, quiz);
  });

  it('review "after-last-attempt": only once no attempt is left (or a pass ends them), even after a pass with retakes', async () => {
    const quiz = newQuiz(2, 100, { review: 'after-last-attempt', explanation: 'Because right is right.' });
    const learner = await enrolledIn(quiz);
    expectNoReview((await attempt(learner, quiz, 'wrong').expect(201)).body, quiz);
    const last = (await attempt(learner, quiz, 'wrong').expect(201)).body;
    expect(last).toMatchObject({ attemptsLeft: 0, canAttempt: false, reviewAvailable: true });
    expectReview(last, quiz, 'wrong');

    const retakes = newQuiz(3, 100, {
      review: 'after-last-attempt',
      allowRetakeAfterPass: true,
      explanation: 'Because right is right.',
    });
    const passer = await enrolledIn(retakes);
    const passed = (await attempt(passer, retakes, 'right').expect(201)).body;
    expect(passed).toMatchObject({ passed: true, canAttempt: true, reviewAvailable: false });
    expectNoReview(passed, retakes);
  });

  it('review "after-pass-or-last-attempt" (the default): not before either', async () => {
    const quiz = newQuiz(3, 100, { explanation: 'Because right is right.' });
    const learner = await enrolledIn(quiz);
    for (let i = 0; i < 2; i++) expectNoReview((await attempt(learner, quiz, 'wrong').expect(201)).body, quiz);
    expectReview((await attempt(learner, quiz, 'wrong').expect(201)).body, quiz, 'wrong');

    const passer = await enrolledIn(quiz);
    expectNoReview((await attempt(passer, quiz, 'wrong').expect(201)).body, quiz);
    expectReview((await attempt(passer, quiz, 'right').expect(201)).body, quiz, 'right');
  });

  it('takes no attempt after a pass unless the quiz allows retakes, even from simultaneous submits', async () => {
    const quiz = newQuiz(5);
    const learner = await enrolledIn(quiz);
    const raced = await Promise.all(Array.from({ length: 10 }, () => attempt(learner, quiz, 'right')));
    expect(raced.filter((response) => response.status === 201)).toHaveLength(1);
    const refused = raced.filter((response) => response.status === 409);
    expect(refused).toHaveLength(9);
    expect(refused[0].body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'This quiz is passed already and cannot be taken again',
    });
    expect((await historyOf(learner, quiz).expect(200)).body).toMatchObject({
      attemptsUsed: 1,
      attemptsLeft: 4,
      quizPassed: true,
      canAttempt: false,
      total: 1,
    });

    const retakes = newQuiz(3, 100, { allowRetakeAfterPass: true });
    const again = await enrolledIn(retakes);
    await attempt(again, retakes, 'right').expect(201);
    expect((await attempt(again, retakes, 'wrong').expect(201)).body).toMatchObject({
      attemptNumber: 2,
      passed: false,
      quizPassed: true,
      canAttempt: true,
    });
  });

  it('keeps each learner’s attempt history (score, date, passed) for them alone', async () => {
    const quiz = newQuiz(3);
    const learner = await enrolledIn(quiz);
    const empty = (await historyOf(learner, quiz).expect(200)).body;
    expect(empty).toEqual({
      lessonId: quiz.lessonId,
      review: 'after-pass-or-last-attempt',
      allowRetakeAfterPass: false,
      maxAttempts: 3,
      attemptsUsed: 0,
      attemptsLeft: 3,
      quizPassed: false,
      canAttempt: true,
      reviewAvailable: false,
      items: [],
      total: 0,
      page: 1,
      limit: 20,
    });
    const started = Date.now();
    const first = (await attempt(learner, quiz, 'wrong').expect(201)).body;
    const second = (await attempt(learner, quiz, 'right').expect(201)).body;
    const history = (await historyOf(learner, quiz).expect(200)).body;
    expect(history).toMatchObject({ attemptsUsed: 2, attemptsLeft: 1, quizPassed: true, canAttempt: false, total: 2 });
    expect(history.items.map((item: { id: string }) => item.id)).toEqual([second.id, first.id]);
    expect(history.items[1]).toMatchObject({ attemptNumber: 1, score: 0, passed: false, total: 1 });
    expect(history.items[0]).toMatchObject({ attemptNumber: 2, score: 100, passed: true });
    for (const item of history.items as Array<{ createdAt: string }>)
      expect(Date.parse(item.createdAt)).toBeGreaterThanOrEqual(started - 1000);
    const paged = (await historyOf(learner, quiz).query({ page: 2, limit: 1 }).expect(200)).body;
    expect(paged).toMatchObject({ page: 2, limit: 1, total: 2, items: [{ id: first.id }] });

    // Another learner of the same course sees only their own (none), and cannot read one of hers.
    const other = await harness.learner();
    await harness.enrol(
      other,
      (await harness.sql<{ course_id: string }>('select course_id from lesson_models where id = ?', [quiz.lessonId]))[0]
        .course_id,
    );
    expect((await historyOf(other, quiz).expect(200)).body).toMatchObject({ items: [], total: 0, attemptsUsed: 0 });
    const stolen = await http().get(`${API}/quizzes/${quiz.lessonId}/attempts/${first.id}`).set(as(other)).expect(404);
    expect(stolen.body.message).toBe(`Quiz attempt ${first.id} not found`);
    // Her own attempt, under another quiz's id, is unknown too.
    const elsewhere = newQuiz(3);
    await harness.enrol(learner, await harness.publishCourse(oneSection([elsewhere])));
    await http().get(`${API}/quizzes/${elsewhere.lessonId}/attempts/${first.id}`).set(as(learner)).expect(404);
    await http().get(`${API}/quizzes/${quiz.lessonId}/attempts/${first.id}`).set(as(learner)).expect(200);

    // Not enrolled: 403; no token: 401; bad ids and paging: 400; unknown quiz: 404.
    const stranger = await harness.learner();
    await historyOf(stranger, quiz).expect(403);
    await http().get(`${API}/quizzes/${quiz.lessonId}/attempts`).expect(401);
    await http().get(`${API}/quizzes/nope/attempts`).set(as(learner)).expect(400);
    await http().get(`${API}/quizzes/${quiz.lessonId}/attempts/nope`).set(as(learner)).expect(400);
    await historyOf(learner, quiz).query({ limit: 1000 }).expect(400);
    await historyOf(learner, quiz).query({ page: '5e17' }).expect(400);
    await http().get(`${API}/quizzes/${randomUUID()}/attempts`).set(as(learner)).expect(404);
  });
});
