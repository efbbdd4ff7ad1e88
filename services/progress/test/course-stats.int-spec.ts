import { randomUUID } from 'node:crypto';
import { CATALOG_EVENTS } from '@platform/contracts';
import { API, as, type Caller, type CourseSpec, newQuiz, ProgressHarness, snapshot } from './progress-harness';

describe('progress: course stats for instructors (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let harness: ProgressHarness;
  const http = () => harness.http();
  const stats = (caller: Caller | undefined, courseId: string) => {
    const req = http().get(`${API}/courses/${courseId}/stats`);
    return caller ? req.set(as(caller)) : req;
  };
  const complete = (caller: Caller, lessonId: string) =>
    http().post(`${API}/lessons/${lessonId}/complete`).set(as(caller)).expect(200);

  beforeAll(async () => {
    harness = await ProgressHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('counts enrolments, completions, the lesson funnel and quiz figures over the current outline, for its instructor and admins', async () => {
    const [instructor, otherInstructor, admin] = await Promise.all([
      harness.issuer.user('instructor'),
      harness.issuer.user('instructor'),
      harness.issuer.user('admin'),
    ]);
    const [ada, ben, cy] = await Promise.all([harness.learner(), harness.learner(), harness.learner()]);
    const [a, b] = [randomUUID(), randomUUID()];
    const quiz = newQuiz();
    const sectionId = randomUUID();
    const course: CourseSpec = {
      courseId: randomUUID(),
      instructorId: instructor.id,
      sections: [{ id: sectionId, lessons: [a, b, quiz] }],
    };
    const courseId = await harness.publishCourse(course, 1);
    for (const learner of [ada, ben, cy]) await harness.enrol(learner, courseId);
    const answer = (learner: Caller, choice: string) =>
      http()
        .post(`${API}/quizzes/${quiz.lessonId}/attempts`)
        .set(as(learner))
        .send({ answers: [{ questionId: quiz.questionId, choiceIds: [choice] }] })
        .expect(201);
    await complete(ada, a);
    await complete(ada, b);
    await answer(ada, quiz.wrong);
    await answer(ada, quiz.right);
    await complete(ben, a);
    await answer(ben, quiz.wrong);

    const first = (await stats(instructor, courseId).expect(200)).body;
    const today = new Date().toISOString().slice(0, 10);
    expect(first).toEqual({
      courseId,
      title: expect.any(String),
      courseStatus: 'published',
      enrollments: 3,
      completions: 1,
      completionRate: 0.333,
      enrollmentsOverTime: [{ date: today, enrollments: 3, total: 3 }],
      lessons: [
        { id: a, type: 'text', completed: 2, completionRate: 0.667 },
        { id: b, type: 'text', completed: 1, completionRate: 0.333 },
        { id: quiz.lessonId, type: 'quiz', completed: 1, completionRate: 0.333 },
      ],
      quizzes: [{ lessonId: quiz.lessonId, learners: 2, passRate: 0.5, averageAttempts: 1.5 }],
    });
    expect((await stats(admin, courseId).expect(200)).body).toEqual(first);

    // Nobody else: 401 without a token, 403 for a published course, 400/404 for bad or unknown ids.
    await stats(undefined, courseId).expect(401);
    for (const stranger of [ada, otherInstructor]) {
      const refused = await stats(stranger, courseId).expect(403);
      expect(refused.body).toMatchObject({ statusCode: 403, message: expect.stringContaining('instructor') });
    }
    await stats(instructor, 'not-a-uuid').expect(400);
    await stats(admin, randomUUID()).expect(404);

    // b removed (revision 2): Ben, who did a and failed the quiz, is still not done; Ada is.
    const withoutB: CourseSpec = { ...course, sections: [{ id: sectionId, lessons: [a, quiz] }] };
    const removal = await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(withoutB, 2));
    const afterRemoval = (await stats(instructor, courseId).expect(200)).body;
    expect(afterRemoval).toMatchObject({ enrollments: 3, completions: 1 });
    expect(afterRemoval.lessons.map((lesson: { id: string }) => lesson.id)).toEqual([a, quiz.lessonId]);
    // A lesson added (revision 3): nobody has finished now.
    const c = randomUUID();
    const withC: CourseSpec = { ...course, sections: [{ id: sectionId, lessons: [a, quiz, c] }] };
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(withC, 3));
    const afterAddition = (await stats(instructor, courseId).expect(200)).body;
    expect(afterAddition).toMatchObject({ completions: 0, completionRate: 0 });
    expect(afterAddition.lessons).toEqual([
      { id: a, type: 'text', completed: 2, completionRate: 0.667 },
      { id: quiz.lessonId, type: 'quiz', completed: 1, completionRate: 0.333 },
      { id: c, type: 'text', completed: 0, completionRate: 0 },
    ]);

    // Redelivered and stale events change nothing; a retried completion counts once.
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(withoutB, 9), removal);
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(withoutB, 2));
    await complete(ada, c);
    await complete(ada, c);
    const afterRetries = (await stats(instructor, courseId).expect(200)).body;
    expect(afterRetries).toMatchObject({ enrollments: 3, completions: 1, completionRate: 0.333 });
    expect(afterRetries.lessons[2]).toEqual({ id: c, type: 'text', completed: 1, completionRate: 0.333 });

    // Unpublished: its instructor and admins still read it; for anyone else it no longer exists.
    await harness.deliver(CATALOG_EVENTS.courseUnpublished, { courseId, revision: 10 });
    expect((await stats(instructor, courseId).expect(200)).body.courseStatus).toBe('unpublished');
    await stats(admin, courseId).expect(200);
    await stats(otherInstructor, courseId).expect(404);
  });
});
