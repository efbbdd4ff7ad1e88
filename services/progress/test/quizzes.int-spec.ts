import { randomUUID } from 'node:crypto';
import { waitFor } from '@platform/testing';
import { API, as, type Caller, newQuiz, oneSection, ProgressHarness, type QuizSpec } from './progress-harness';

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
                maxAttempts: null,
                questions: [
                  { questionId: q1, choiceIds: [a1, b1], correctChoiceIds: [a1] },
                  { questionId: q2, choiceIds: [a2, b2, c2], correctChoiceIds: [a2, c2] },
                  { questionId: q3, choiceIds: [a3, b3], correctChoiceIds: [b3] },
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
      score: 33,
      passed: false,
      correctCount: 1,
      total: 3,
      attemptNumber: 1,
      attemptsLeft: null,
    });
    expect((await http().get(`${API}/courses/${courseId}`).set(as(learner))).body.percent).toBe(0);

    // Order of choices does not matter; 2 of 3 = 66 % ≥ 60 %: passed, and the lesson is complete.
    const second = await submit([
      { questionId: q2, choiceIds: [c2, a2] },
      { questionId: q1, choiceIds: [a1] },
      { questionId: q3, choiceIds: [a3] },
    ]).expect(201);
    expect(second.body).toEqual({
      score: 66,
      passed: true,
      correctCount: 2,
      total: 3,
      attemptNumber: 2,
      attemptsLeft: null,
    });
    const view = (await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200)).body;
    expect(view).toMatchObject({ percent: 100, completedLessons: 1, totalLessons: 1 });
    // Passed: a manual complete is now accepted and changes nothing.
    await http().post(`${API}/lessons/${lessonId}/complete`).set(as(learner)).expect(200);
    await waitFor('progress.course.completed', async () =>
      harness.events.find((event) => event.payload.userId === learner.id && event.payload.courseId === courseId),
    );
    // A later failed attempt does not undo the completion.
    await submit([]).expect(201);
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
    expect(refused.body.message).toMatch(/no attempts left/i);
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
});
