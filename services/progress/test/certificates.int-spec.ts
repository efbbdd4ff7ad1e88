import { randomUUID } from 'node:crypto';
import { CATALOG_EVENTS } from '@platform/contracts';
import { API, as, type Caller, oneSection, ProgressHarness, snapshot } from './progress-harness';

describe('certificates (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let harness: ProgressHarness;
  const http = () => harness.http();

  beforeAll(async () => {
    harness = await ProgressHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const complete = (learner: Caller, lessonId: string) =>
    http().post(`${API}/lessons/${lessonId}/complete`).set(as(learner));
  const enrolment = async (learner: Caller, courseId: string) =>
    (await http().get(`${API}/enrollments`).set(as(learner)).expect(200)).body.items.find(
      (item: { courseId: string }) => item.courseId === courseId,
    );
  const certificateRows = (learner: Caller, courseId: string) =>
    harness.sql<{ id: string }>('select id from certificates where user_id = ? and course_id = ?', [
      learner.id,
      courseId,
    ]);

  it('issues one at 100 % that anyone can open by its link, with the learner, the course and the date', async () => {
    const learner = await harness.issuer.user('learner');
    const [a, b] = [randomUUID(), randomUUID()];
    const courseId = await harness.publishCourse({ ...oneSection([a, b]), title: 'Graph theory' });
    await harness.enrol(learner, courseId);
    await complete(learner, a).expect(200);
    expect(await enrolment(learner, courseId)).toMatchObject({ certificateId: null, completedAt: null });

    await complete(learner, b).expect(200);
    const done = await enrolment(learner, courseId);
    expect(done).toMatchObject({ percent: 100, certificateId: expect.any(String), completedAt: expect.any(String) });
    const mine = (await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200)).body;
    expect(mine).toMatchObject({ enrolled: true, percent: 100, certificateId: done.certificateId });

    // Public: no token needed.
    const certificate = await http().get(`${API}/certificates/${done.certificateId}`).expect(200);
    expect(certificate.body).toEqual({
      id: done.certificateId,
      courseId,
      learnerName: learner.displayName,
      courseTitle: 'Graph theory',
      completedAt: done.completedAt,
    });
    // Random (v4), so not to be guessed from another certificate's id.
    expect(done.certificateId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('answers forged and malformed ids with 404 and 400, never a 500, and shows nobody else’s', async () => {
    const unknown = await http().get(`${API}/certificates/${randomUUID()}`).expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    for (const bad of ['not-a-uuid', '1', `${randomUUID()}x`, "'%20or%201=1--", '%00']) {
      const response = await http().get(`${API}/certificates/${bad}`).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('uuid') });
    }

    // Another learner sees neither the certificate nor the completion in their own views.
    const [learner, other] = [await harness.learner(), await harness.learner()];
    const lesson = randomUUID();
    const courseId = await harness.publishCourse(oneSection([lesson]));
    await harness.enrol(learner, courseId);
    await complete(learner, lesson).expect(200);
    const theirs = (await http().get(`${API}/courses/${courseId}`).set(as(other)).expect(200)).body;
    expect(theirs).toMatchObject({ enrolled: false, certificateId: null, percent: 0 });
    expect((await http().get(`${API}/enrollments`).set(as(other)).expect(200)).body.items).toEqual([]);
    await complete(other, lesson).expect(403);
  });

  it('is issued exactly once under racing completions and redelivered catalog events', async () => {
    const learner = await harness.learner();
    const lessons = Array.from({ length: 6 }, () => randomUUID());
    const course = oneSection(lessons);
    const courseId = await harness.publishCourse(course);
    await harness.enrol(learner, courseId);
    // Every lesson completed at once, three times over: many transactions see 100 %.
    const answers = await Promise.all([...lessons, ...lessons, ...lessons].map((id) => complete(learner, id)));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(await certificateRows(learner, courseId)).toHaveLength(1);

    // Newer outlines without a lesson (all done already), one delivered twice: stamped before, nothing new.
    const shorter = { ...course, sections: [{ ...course.sections[0], lessons: lessons.slice(1) }] };
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(shorter, 2));
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(shorter, 2));
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(shorter, 3));
    expect(await certificateRows(learner, courseId)).toHaveLength(1);
    expect(await harness.completionsRecorded(learner.id, courseId)).toBe(1);
  });

  it('is issued when an outline change brings a learner to 100 %, under the name they last used', async () => {
    const learner = await harness.issuer.user('learner');
    const [a, b] = [randomUUID(), randomUUID()];
    const course = oneSection([a, b]);
    const courseId = await harness.publishCourse({ ...course, title: 'Old title' });
    await harness.enrol(learner, courseId);
    // The learner renamed themselves since enrolling: their next completion carries the new name.
    const renamed = { ...learner, displayName: 'Ada Lovelace' };
    await complete({ id: learner.id, token: await harness.issuer.sign(renamed) }, a).expect(200);
    // Catalog removes the lesson they were missing, and renames the course in the same change.
    await harness.deliver(
      CATALOG_EVENTS.courseUpdated,
      snapshot({ ...course, title: 'New title', sections: [{ ...course.sections[0], lessons: [a] }] }, 2),
    );
    const { certificateId } = await enrolment(learner, courseId);
    const certificate = (await http().get(`${API}/certificates/${certificateId}`).expect(200)).body;
    expect(certificate).toMatchObject({ learnerName: 'Ada Lovelace', courseTitle: 'New title' });
  });

  it('stays when a lesson is added after completion, while the figure drops; no second one', async () => {
    const learner = await harness.learner();
    const [a, b] = [randomUUID(), randomUUID()];
    const course = oneSection([a]);
    const courseId = await harness.publishCourse(course);
    await harness.enrol(learner, courseId);
    await complete(learner, a).expect(200);
    const { certificateId, completedAt } = await enrolment(learner, courseId);

    await harness.deliver(
      CATALOG_EVENTS.courseUpdated,
      snapshot({ ...course, sections: [{ ...course.sections[0], lessons: [a, b] }] }, 2),
    );
    expect(await enrolment(learner, courseId)).toMatchObject({ percent: 50, certificateId, completedAt });
    await http().get(`${API}/certificates/${certificateId}`).expect(200);
    await complete(learner, b).expect(200);
    expect(await enrolment(learner, courseId)).toMatchObject({ percent: 100, certificateId, completedAt });
    expect(await certificateRows(learner, courseId)).toHaveLength(1);
  });

  it('cuts a display name longer than the column instead of failing', async () => {
    const learner = await harness.issuer.user('learner');
    const long = { ...learner, displayName: 'N'.repeat(300) };
    const caller = { id: learner.id, token: await harness.issuer.sign(long) };
    const lesson = randomUUID();
    const courseId = await harness.publishCourse(oneSection([lesson]));
    await harness.enrol(caller, courseId);
    await complete(caller, lesson).expect(200);
    const { certificateId } = await enrolment(caller, courseId);
    const certificate = (await http().get(`${API}/certificates/${certificateId}`).expect(200)).body;
    expect(certificate.learnerName).toBe('N'.repeat(100));
  });
});
