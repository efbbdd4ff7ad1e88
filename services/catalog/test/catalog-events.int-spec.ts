import { randomUUID } from 'node:crypto';
import {
  CATALOG_EVENTS,
  type CourseOutlineSnapshot,
  type LessonEventPayload,
  MEDIA_EVENTS,
  mediaFilePath,
} from '@platform/contracts';
import { waitFor } from '@platform/testing';
import { API, as, CatalogHarness, type OutboxRow } from './catalog-harness';

const rev = (row: OutboxRow): string => `${row.payload.revision ?? '-'} ${row.type}`;

/** Events recorded in one transaction may share an instant: compare as multisets, check the order by revision. */
function expectEvents(rows: OutboxRow[], expected: string[]): void {
  expect(rows.map(rev).sort()).toEqual([...expected].sort());
  const revisions = rows.map((row) => row.payload.revision).filter((revision) => revision !== undefined);
  expect(revisions).toEqual([...revisions].sort((a, b) => a! - b!));
}

describe('catalog events (outbox → RabbitMQ) and covers (media.image.processed)', () => {
  let harness: CatalogHarness;
  const http = () => harness.http();

  beforeAll(async () => {
    harness = await CatalogHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** Waits until every event catalog recorded about the course reached the tap queue; returns them in order. */
  async function delivered(courseId: string, count: number): Promise<OutboxRow[]> {
    const rows = await waitFor(`${count} outbox rows of course ${courseId}`, async () => {
      const found = await harness.outbox(courseId);
      return found.length >= count ? found : undefined;
    });
    await waitFor(`the ${rows.length} events of course ${courseId} on the tap queue`, async () =>
      rows.every((row) => harness.events.some((event) => event.id === row.id)),
    );
    for (const row of rows) {
      const event = harness.events.find((candidate) => candidate.id === row.id)!;
      expect(event).toMatchObject({ type: row.type, source: 'catalog', version: 1, payload: row.payload });
    }
    return rows;
  }

  it('records every change with a strictly increasing revision, and full outlines for published courses', async () => {
    const { instructor } = harness.users;
    const { course, section, text, quiz } = await harness.courseWithLessons();
    const answers = (await http().get(`${API}/lessons/${quiz.id}`).set(as(instructor)).expect(200)).body;
    const draftRows = await delivered(course.id, 6);
    expectEvents(draftRows, [
      '2 catalog.section.added',
      '2 catalog.course.media-changed',
      '3 catalog.lesson.added',
      '3 catalog.course.media-changed',
      '4 catalog.lesson.added',
      '4 catalog.course.media-changed',
    ]);
    const quizAdded = draftRows.find((row) => row.payload.revision === 4 && row.type === CATALOG_EVENTS.lessonAdded)!
      .payload as unknown as LessonEventPayload;
    expect(quizAdded).toEqual({
      courseId: course.id,
      revision: 4,
      sectionId: section.id,
      mediaId: null,
      captionsMediaId: null,
      lesson: {
        lessonId: quiz.id,
        type: 'quiz',
        title: 'Check',
        position: 2,
        quiz: {
          passPercent: 50,
          maxAttempts: 3,
          review: 'after-pass-or-last-attempt',
          allowRetakeAfterPass: false,
          questions: [
            {
              questionId: answers.questions[0].id,
              choiceIds: answers.questions[0].choices.map((c: { id: string }) => c.id),
              correctChoiceIds: [answers.questions[0].choices[0].id],
              explanation: null,
            },
          ],
        },
      },
    });

    await harness.publishCourse(course.id);
    await http().patch(`${API}/lessons/${quiz.id}`).set(as(instructor)).send({ position: 1 }).expect(200);
    await http().patch(`${API}/courses/${course.id}`).set(as(instructor)).send({ title: 'Renamed' }).expect(200);
    const extra = (
      await http().post(`${API}/courses/${course.id}/sections`).set(as(instructor)).send({ title: 'Two' }).expect(201)
    ).body;
    await http().delete(`${API}/sections/${extra.id}`).set(as(instructor)).expect(204);
    await http().delete(`${API}/lessons/${text.id}`).set(as(instructor)).expect(204);
    await http().post(`${API}/courses/${course.id}/unpublish`).set(as(instructor)).expect(200);
    const cover = randomUUID();
    await http().put(`${API}/courses/${course.id}/cover`).set(as(instructor)).send({ mediaId: cover }).expect(200);
    await http().delete(`${API}/courses/${course.id}`).set(as(instructor)).expect(204);

    const rows = await delivered(course.id, 28);
    expectEvents(rows, [
      '2 catalog.section.added',
      '3 catalog.lesson.added',
      '4 catalog.lesson.added',
      '5 catalog.course.published',
      '6 catalog.lesson.changed',
      '6 catalog.course.updated',
      '7 catalog.course.updated',
      '8 catalog.section.added',
      '8 catalog.course.updated',
      '9 catalog.section.removed',
      '9 catalog.course.updated',
      '10 catalog.lesson.removed',
      '10 catalog.course.updated',
      '11 catalog.course.unpublished',
      '- catalog.course.cover-changed',
      '13 catalog.course.deleted',
      // Every revision also tells media which files the course uses and whether it is published.
      ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((revision) => `${revision} catalog.course.media-changed`),
    ]);
    const byType = (type: string) =>
      rows
        .filter((row) => row.type === type)
        .sort((a, b) => (a.payload.revision ?? 0) - (b.payload.revision ?? 0))
        .map((row) => row.payload);

    const published = byType(CATALOG_EVENTS.coursePublished)[0] as unknown as CourseOutlineSnapshot;
    expect(published).toEqual({
      courseId: course.id,
      revision: 5,
      title: course.title,
      slug: course.slug,
      instructorId: instructor.id,
      sections: [
        {
          sectionId: section.id,
          title: 'One',
          position: 1,
          lessons: [
            { lessonId: text.id, type: 'text', title: 'Read', position: 1 },
            { ...quizAdded.lesson, position: 2 },
          ],
        },
      ],
    });
    const updates = byType(CATALOG_EVENTS.courseUpdated) as unknown as CourseOutlineSnapshot[];
    // After the move, the quiz comes first, in position order.
    expect(updates[0].sections[0].lessons.map((l) => [l.lessonId, l.position])).toEqual([
      [quiz.id, 1],
      [text.id, 2],
    ]);
    expect(updates[1].title).toBe('Renamed');
    expect(updates[2].sections.map((s) => s.sectionId)).toEqual([section.id, extra.id]);
    expect(updates[4].sections[0].lessons.map((l) => l.lessonId)).toEqual([quiz.id]);
    expect(updates[4].sections[0].lessons[0].quiz?.questions[0].correctChoiceIds).toHaveLength(1);
    expect(byType(CATALOG_EVENTS.lessonChanged)[0]).toMatchObject({ lesson: { lessonId: quiz.id, position: 1 } });
    expect(byType(CATALOG_EVENTS.courseCoverChanged)).toEqual([
      { courseId: course.id, instructorId: instructor.id, mediaId: cover, previousMediaId: null },
    ]);
    // Media learns of the abandoned cover from `deleted` alone (no cover-changed on delete).
    expect(byType(CATALOG_EVENTS.courseDeleted)).toEqual([
      { courseId: course.id, revision: 13, instructorId: instructor.id, coverMediaId: cover },
    ]);
    const media = byType(CATALOG_EVENTS.courseMediaChanged);
    expect(media.map((payload) => payload.published)).toEqual([
      ...[false, false, false],
      ...[true, true, true, true, true, true],
      ...[false, false, false],
    ]);
    expect(media[10]).toEqual({
      courseId: course.id,
      revision: 12,
      instructorId: instructor.id,
      published: false,
      coverMediaId: cover,
      videoMediaIds: [],
      captionMediaIds: [],
      imageMediaIds: [],
    });
    // A deleted course uses nothing any more.
    expect(media[11]).toMatchObject({ revision: 13, published: false, coverMediaId: null });
    // Drafts never send outlines.
    expect(
      rows.filter((row) => row.type === CATALOG_EVENTS.courseUpdated).every((row) => row.payload.revision! > 5),
    ).toBe(true);
  });

  it('serialises concurrent changes of one course: distinct positions and revisions', async () => {
    const { instructor } = harness.users;
    const { course, section } = await harness.courseWithLessons();
    await harness.publishCourse(course.id);
    // More at once than the connection pool holds (10), on both kinds of write path.
    const sections = Array.from({ length: 6 }, (_, i) =>
      http()
        .post(`${API}/courses/${course.id}/sections`)
        .set(as(instructor))
        .send({ title: `Parallel ${i}` }),
    );
    const lessons = Array.from({ length: 8 }, (_, i) =>
      http()
        .post(`${API}/sections/${section.id}/lessons`)
        .set(as(instructor))
        .send({ type: 'text', title: `Parallel ${i}`, content: 'c' }),
    );
    const [sectionResponses, lessonResponses] = await Promise.all([Promise.all(sections), Promise.all(lessons)]);
    expect([...sectionResponses, ...lessonResponses].map((response) => response.status)).toEqual(Array(14).fill(201));
    const positions = (responses: Array<{ body: { position: number } }>) =>
      responses.map((response) => response.body.position).sort((a, b) => a - b);
    expect(positions(sectionResponses)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(positions(lessonResponses)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);

    const rows = await delivered(course.id, 4 + 2 * 14);
    const updates = rows.filter((row) => row.type === CATALOG_EVENTS.courseUpdated);
    const revisions = updates.map((row) => row.payload.revision!);
    expect(new Set(revisions).size).toBe(14);
    // The newest outline knows every section and lesson.
    const newest = updates.find((row) => row.payload.revision === Math.max(...revisions))!
      .payload as unknown as CourseOutlineSnapshot;
    expect(newest.sections).toHaveLength(7);
    expect(newest.sections[0].lessons).toHaveLength(10);
  });

  it('shows cover URLs once media reports the image ready, and tells media about replaced covers', async () => {
    const { instructor, learner } = harness.users;
    const { course } = await harness.courseWithLessons();
    await harness.publishCourse(course.id);
    const [early, second, broken] = [randomUUID(), randomUUID(), randomUUID()];
    const imageRow = (mediaId: string, status: string) =>
      waitFor(`media_images ${mediaId} ${status}`, async () => {
        const rows = await harness.sql<{ status: string }>('select status from media_images where media_id = ?', [
          mediaId,
        ]);
        return rows[0]?.status === status;
      });
    const report = (mediaId: string, status: 'ready' | 'failed', variants: Record<string, unknown> = {}) =>
      harness.publish(MEDIA_EVENTS.imageProcessed, {
        mediaId,
        ownerId: instructor.id,
        status,
        reason: status === 'failed' ? 'not an image' : null,
        variants,
      });

    // The report may arrive before the course names the image as its cover.
    await report(early, 'ready', {
      small: { width: 200, height: 112 },
      card: { width: 400, height: 225 },
      medium: { width: 800, height: 450 },
    });
    await imageRow(early, 'ready');
    const withCover = (
      await http().put(`${API}/courses/${course.id}/cover`).set(as(instructor)).send({ mediaId: early }).expect(200)
    ).body;
    expect(withCover).toMatchObject({
      coverMediaId: early,
      coverUrl: mediaFilePath(early),
      coverSmallUrl: mediaFilePath(early, 'small'),
    });
    const listed = (await http().get(`${API}/courses?limit=100`).expect(200)).body.items.find(
      (c: { id: string }) => c.id === course.id,
    );
    expect(listed).toMatchObject({
      coverUrl: `/api/media/${early}/file`,
      coverSmallUrl: `/api/media/${early}/file?variant=small`,
      // Cards ask the browser to pick the variant for their width and the screen's density.
      coverSrcset: [
        `/api/media/${early}/file?variant=small 200w`,
        `/api/media/${early}/file?variant=card 400w`,
        `/api/media/${early}/file?variant=medium 800w`,
      ].join(', '),
    });

    // A new cover shows no URL until it is ready; the old one is reported as no longer used.
    const replaced = (
      await http().put(`${API}/courses/${course.id}/cover`).set(as(instructor)).send({ mediaId: second }).expect(200)
    ).body;
    expect(replaced).toMatchObject({ coverMediaId: second, coverUrl: null, coverSmallUrl: null });
    await report(second, 'ready', { small: { width: 200, height: 150 } });
    const ready = await waitFor('the second cover to be ready', async () => {
      const body = (await http().get(`${API}/courses/${course.id}`).set(as(learner))).body;
      return body.coverUrl ? body : undefined;
    });
    expect(ready).toMatchObject({
      coverUrl: mediaFilePath(second),
      coverSmallUrl: mediaFilePath(second, 'small'),
      coverSrcset: `${mediaFilePath(second, 'small')} 200w`,
    });
    // The same report again (a redelivery, or media retrying) changes nothing.
    await report(second, 'ready', { small: { width: 200, height: 150 } });

    // A failed image never shows; a malformed report is parked in the DLQ without stopping the queue.
    await harness.publish(MEDIA_EVENTS.imageProcessed, { mediaId: 'not-a-uuid', status: 'ready', variants: {} });
    await http().put(`${API}/courses/${course.id}/cover`).set(as(instructor)).send({ mediaId: broken }).expect(200);
    await report(broken, 'failed');
    await imageRow(broken, 'failed');
    expect((await http().get(`${API}/courses/${course.id}`).expect(200)).body).toMatchObject({
      coverMediaId: broken,
      coverUrl: null,
    });
    const { deadLetterQueue } = harness.topology();
    await waitFor('the malformed report in the DLQ', async () => {
      return (await harness.broker.messageCount(deadLetterQueue!)) === 1;
    });

    // Removing the cover (null) is a change too.
    const removed = (
      await http().put(`${API}/courses/${course.id}/cover`).set(as(instructor)).send({ mediaId: null }).expect(200)
    ).body;
    expect(removed).toMatchObject({ coverMediaId: null, coverUrl: null });
    const changes = await waitFor('four cover changes', async () => {
      const rows = (await harness.outbox(course.id)).filter((row) => row.type === CATALOG_EVENTS.courseCoverChanged);
      return rows.length === 4 ? rows.map((row) => row.payload) : undefined;
    });
    const instructorId = instructor.id;
    expect(changes).toEqual([
      { courseId: course.id, instructorId, mediaId: early, previousMediaId: null },
      { courseId: course.id, instructorId, mediaId: second, previousMediaId: early },
      { courseId: course.id, instructorId, mediaId: broken, previousMediaId: second },
      { courseId: course.id, instructorId, mediaId: null, previousMediaId: broken },
    ]);
    // Setting the same cover again is no change.
    await http().put(`${API}/courses/${course.id}/cover`).set(as(instructor)).send({ mediaId: null }).expect(200);
    expect(
      (await harness.outbox(course.id)).filter((row) => row.type === CATALOG_EVENTS.courseCoverChanged),
    ).toHaveLength(4);
  });

  it("never shows another instructor's image as a cover, whether its report comes before or after", async () => {
    const { instructor, otherInstructor } = harness.users;
    const { course } = await harness.courseWithLessons();
    await harness.publishCourse(course.id);
    const [known, late] = [randomUUID(), randomUUID()];
    const foreignReport = (mediaId: string) =>
      harness.publish(MEDIA_EVENTS.imageProcessed, {
        mediaId,
        ownerId: otherInstructor.id,
        status: 'ready',
        reason: null,
        variants: { small: { width: 200, height: 150 } },
      });

    // Known to be somebody else's: refused, and the course keeps no cover.
    await foreignReport(known);
    await waitFor(`media_images ${known}`, async () =>
      (await harness.sql('select 1 from media_images where media_id = ?', [known])).length === 1 ? true : undefined,
    );
    const refused = await http()
      .put(`${API}/courses/${course.id}/cover`)
      .set(as(instructor))
      .send({ mediaId: known })
      .expect(403);
    expect(refused.body.message).toMatch(/uploaded by the course's instructor/);
    expect((await http().get(`${API}/courses/${course.id}`).expect(200)).body.coverMediaId).toBeNull();

    // Not known yet: recorded (media checks the owner too), but never shown once the report says whose it is.
    await http().put(`${API}/courses/${course.id}/cover`).set(as(instructor)).send({ mediaId: late }).expect(200);
    await foreignReport(late);
    await waitFor(`media_images ${late}`, async () =>
      (await harness.sql('select 1 from media_images where media_id = ?', [late])).length === 1 ? true : undefined,
    );
    expect((await http().get(`${API}/courses/${course.id}`).expect(200)).body).toMatchObject({
      coverMediaId: late,
      coverUrl: null,
      coverSmallUrl: null,
    });
  });

  it("refuses another instructor's video for a lesson, and tells media which videos and images a course uses", async () => {
    const { instructor, otherInstructor } = harness.users;
    const { course, section, text } = await harness.courseWithLessons();
    const [foreign, own, late, image] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const report = (mediaId: string, ownerId: string) =>
      harness.publish(MEDIA_EVENTS.videoUploaded, { mediaId, ownerId });
    await report(foreign, otherInstructor.id);
    await report(own, instructor.id);
    await waitFor('both video reports', async () =>
      (await harness.sql('select 1 from media_videos where media_id in (?, ?)', [foreign, own])).length === 2
        ? true
        : undefined,
    );
    const addVideo = (mediaId: string) =>
      http()
        .post(`${API}/sections/${section.id}/lessons`)
        .set(as(instructor))
        .send({ type: 'video', title: 'Watch', mediaId });
    const refused = await addVideo(foreign).expect(403);
    expect(refused.body.message).toMatch(/uploaded by the course's instructor/);
    const video = (await addVideo(own).expect(201)).body;
    await http().patch(`${API}/lessons/${video.id}`).set(as(instructor)).send({ mediaId: foreign }).expect(403);
    // Not reported yet (the web app attaches a video right after its upload): taken; media checks the owner too.
    await http().patch(`${API}/lessons/${video.id}`).set(as(instructor)).send({ mediaId: late }).expect(200);
    await http()
      .patch(`${API}/lessons/${text.id}`)
      .set(as(instructor))
      .send({ content: `A diagram: ![d](media:${image}), [a link](https://example.test)` })
      .expect(200);
    await harness.publishCourse(course.id);

    const rows = (await harness.outbox(course.id)).filter((row) => row.type === CATALOG_EVENTS.courseMediaChanged);
    expect(rows.at(-1)!.payload).toEqual({
      courseId: course.id,
      revision: expect.any(Number),
      instructorId: instructor.id,
      published: true,
      coverMediaId: null,
      videoMediaIds: [late],
      captionMediaIds: [],
      imageMediaIds: [image],
    });
  });
});
