import { randomUUID } from 'node:crypto';
import { CATALOG_EVENTS } from '@platform/contracts';
import { waitFor } from '@platform/testing';
import { API, as, type Caller, type CourseSpec, oneSection, ProgressHarness, snapshot } from './progress-harness';

describe('progress: its course read model follows catalog’s events (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let harness: ProgressHarness;
  const http = () => harness.http();
  const view = async (caller: Caller, courseId: string) =>
    (await http().get(`${API}/courses/${courseId}`).set(as(caller)).expect(200)).body;
  const complete = (caller: Caller, lessonId: string) =>
    http().post(`${API}/lessons/${lessonId}/complete`).set(as(caller));

  beforeAll(async () => {
    harness = await ProgressHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('recomputes the figure when lessons are removed or added, and ignores stale or redelivered snapshots', async () => {
    const learner = await harness.learner();
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const course = oneSection([a, b, c]);
    const courseId = await harness.publishCourse(course, 1);
    await harness.enrol(learner, courseId);
    await complete(learner, a).expect(200);
    await complete(learner, b).expect(200);
    expect(await view(learner, courseId)).toMatchObject({ percent: 66, completedLessons: 2, totalLessons: 3 });

    // Revision 3 removes b (completed): 1 of 2.
    const removeB: CourseSpec = { ...course, sections: [{ id: course.sections[0].id, lessons: [a, c] }] };
    const eventId = await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(removeB, 3));
    expect(await view(learner, courseId)).toMatchObject({ percent: 50, completedLessons: 1, totalLessons: 2 });
    await complete(learner, b).expect(404);

    // An older revision arriving late changes nothing; neither does a redelivery of the same message
    // (its id is in the inbox), even carrying what would otherwise be a newer revision.
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(course, 2));
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(oneSection([a], courseId), 9), eventId);
    expect(await view(learner, courseId)).toMatchObject({ percent: 50, totalLessons: 2 });
    const inbox = await harness.sql('select 1 from inbox_message where message_id = ?', [eventId]);
    expect(inbox).toHaveLength(1);

    // Revision 4 brings b back (its completion counts again) and adds d, in a new section first.
    const back: CourseSpec = {
      courseId,
      sections: [
        { id: randomUUID(), lessons: [d] },
        { id: course.sections[0].id, lessons: [a, b, c] },
      ],
    };
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(back, 4));
    const after = await view(learner, courseId);
    expect(after).toMatchObject({ percent: 50, completedLessons: 2, totalLessons: 4 });
    expect(after.sections.map((section: { id: string }) => section.id)).toEqual(back.sections.map((s) => s.id));
    expect(after.sections[1].lessons).toEqual([
      { id: a, completed: true },
      { id: b, completed: true },
      { id: c, completed: false },
    ]);
  });

  it('announces 100 % once when a removed lesson was the last one missing', async () => {
    const [done, behind] = [await harness.learner(), await harness.learner()];
    const [a, b] = [randomUUID(), randomUUID()];
    const course = oneSection([a, b]);
    const courseId = await harness.publishCourse(course, 1);
    await harness.enrol(done, courseId);
    await harness.enrol(behind, courseId);
    await complete(done, a).expect(200);
    expect(await harness.completionsRecorded(done.id, courseId)).toBe(0);

    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(oneSection([a], courseId), 2));
    expect(await view(done, courseId)).toMatchObject({ percent: 100, completedLessons: 1, totalLessons: 1 });
    expect(await view(behind, courseId)).toMatchObject({ percent: 0 });
    await waitFor('progress.course.completed after the outline change', async () =>
      harness.events.find((event) => event.payload.userId === done.id && event.payload.courseId === courseId),
    );
    // Back below 100 % and up again: still announced only the first time.
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(course, 3));
    expect(await view(done, courseId)).toMatchObject({ percent: 50 });
    await complete(done, b).expect(200);
    expect(await harness.completionsRecorded(done.id, courseId)).toBe(1);
    expect(await harness.completionsRecorded(behind.id, courseId)).toBe(0);
  });

  it('takes no enrolments or completions for unpublished or deleted courses, and tells enrolled learners what happened', async () => {
    const [learner, newcomer] = [await harness.learner(), await harness.learner()];
    const [a, b] = [randomUUID(), randomUUID()];
    const course = oneSection([a, b]);
    const courseId = await harness.publishCourse(course, 1);
    await harness.enrol(learner, courseId);
    await complete(learner, a).expect(200);

    await harness.deliver(CATALOG_EVENTS.courseUnpublished, { courseId, revision: 2 });
    await http().post(`${API}/enrollments`).set(as(newcomer)).send({ courseId }).expect(404);
    await complete(learner, b).expect(404);
    expect(await view(learner, courseId)).toMatchObject({ courseStatus: 'unpublished', percent: 50, totalLessons: 2 });
    await http().get(`${API}/courses/${courseId}`).set(as(newcomer)).expect(404);
    const [mine] = (await http().get(`${API}/enrollments`).set(as(learner)).expect(200)).body.items;
    expect(mine).toMatchObject({ courseId, courseStatus: 'unpublished', percent: 50 });

    // Published again (a newer revision): enrolments reopen, completions were kept.
    await harness.deliver(CATALOG_EVENTS.coursePublished, snapshot(course, 3));
    expect(await view(learner, courseId)).toMatchObject({ courseStatus: 'published', percent: 50 });
    await harness.enrol(newcomer, courseId);

    await harness.deliver(CATALOG_EVENTS.courseDeleted, { courseId, revision: 4, coverMediaId: null });
    expect(await view(learner, courseId)).toMatchObject({ courseStatus: 'deleted', percent: 50 });
    // A late snapshot older than the deletion cannot bring the course back.
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(course, 3));
    await http()
      .post(`${API}/enrollments`)
      .set(as(await harness.learner()))
      .send({ courseId })
      .expect(404);
  });

  it('keeps a tombstone for a course withdrawn before its snapshot arrived', async () => {
    const learner = await harness.learner();
    const course = oneSection([randomUUID()]);
    await harness.deliver(CATALOG_EVENTS.courseUnpublished, { courseId: course.courseId, revision: 5 });
    await harness.publishCourse(course, 4);
    await http().post(`${API}/enrollments`).set(as(learner)).send({ courseId: course.courseId }).expect(404);
    await http().get(`${API}/courses/${course.courseId}`).set(as(learner)).expect(404);
    await harness.publishCourse(course, 6);
    await harness.enrol(learner, course.courseId);
  });

  it('ends with the newest outline whatever order simultaneous snapshots of one course arrive in', async () => {
    const learner = await harness.learner();
    const courseId = randomUUID();
    const outlines = Array.from({ length: 12 }, (_, index) =>
      oneSection(
        Array.from({ length: index + 1 }, () => randomUUID()),
        courseId,
      ),
    );
    const order = [7, 2, 11, 0, 5, 9, 1, 10, 3, 8, 4, 6];
    const ids = await Promise.all(
      order.map((index) => harness.publish(CATALOG_EVENTS.courseUpdated, snapshot(outlines[index], index + 1))),
    );
    await Promise.all(ids.map((id) => harness.processed(id)));
    await harness.enrol(learner, courseId);
    const newest = await view(learner, courseId);
    expect(newest.totalLessons).toBe(12);
    expect(newest.sections[0].lessons.map((lesson: { id: string }) => lesson.id)).toEqual(
      outlines[11].sections[0].lessons,
    );
    const [{ count }] = await harness.sql<{ count: string }>('select count(*) from lesson_models where course_id = ?', [
      courseId,
    ]);
    expect(Number(count)).toBe(12);
  });

  it('lets a lesson that shows up in another course’s outline move there, with its completions', async () => {
    const learner = await harness.learner();
    const [x, y, z] = [randomUUID(), randomUUID(), randomUUID()];
    const first = await harness.publishCourse(oneSection([x, y]), 1);
    const second = await harness.publishCourse(oneSection([z]), 1);
    await harness.enrol(learner, first);
    await harness.enrol(learner, second);
    await complete(learner, x).expect(200);
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(oneSection([z, x], second), 2));
    await harness.deliver(CATALOG_EVENTS.courseUpdated, snapshot(oneSection([y], first), 2));
    expect(await view(learner, second)).toMatchObject({ percent: 50, completedLessons: 1, totalLessons: 2 });
    expect(await view(learner, first)).toMatchObject({ percent: 0, completedLessons: 0, totalLessons: 1 });
  });

  it('parks a malformed snapshot in the dead-letter queue without touching the read model', async () => {
    const learner = await harness.learner();
    const a = randomUUID();
    const course = oneSection([a]);
    const courseId = await harness.publishCourse(course, 1);
    await harness.enrol(learner, courseId);
    const broken = { ...snapshot(course, 2), sections: [{ sectionId: 'not-a-uuid', position: 1, lessons: [] }] };
    const id = await harness.publish(CATALOG_EVENTS.courseUpdated, broken);
    const parked = await waitFor('the malformed snapshot in the DLQ', () => harness.take(harness.deadLetterQueue()));
    expect(parked).toMatchObject({ id, type: CATALOG_EVENTS.courseUpdated });
    expect(await view(learner, courseId)).toMatchObject({ totalLessons: 1 });
  });
});
