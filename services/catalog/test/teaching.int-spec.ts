import { randomUUID } from 'node:crypto';
import { API, as, type Caller, CatalogHarness, QUIZ } from './catalog-harness';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

describe('teaching and running courses (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let harness: CatalogHarness;
  let users: CatalogHarness['users'];

  beforeAll(async () => {
    harness = await CatalogHarness.start();
    users = harness.users;
  });

  afterAll(async () => {
    await harness?.close();
  });

  function call(method: Method, path: string, caller?: Caller, body?: unknown) {
    let req = harness.http()[method](`${API}${path}`);
    if (caller) req = req.set(as(caller));
    return body === undefined ? req : req.send(body as object);
  }

  const idsOf = (body: { items: Array<{ id: string }> }): string[] => body.items.map((item) => item.id);

  it('refuses to publish with a 409 that lists every blocker, then publishes once they are fixed', async () => {
    const { instructor } = users;
    const course = (await call('post', '/courses', instructor, { title: `Blocked ${randomUUID()}` }).expect(201)).body;
    const empty = await call('post', `/courses/${course.id}/publish`, instructor).expect(409);
    expect(empty.body).toMatchObject({ statusCode: 409, blockers: ['The course needs at least one lesson'] });

    const first = (await call('post', `/courses/${course.id}/sections`, instructor, { title: 'First' }).expect(201))
      .body;
    const second = (await call('post', `/courses/${course.id}/sections`, instructor, { title: 'Second' }).expect(201))
      .body;
    const video = (
      await call('post', `/sections/${first.id}/lessons`, instructor, {
        type: 'video',
        title: 'Watch',
        mediaId: randomUUID(),
      }).expect(201)
    ).body;
    const quiz = (await call('post', `/sections/${first.id}/lessons`, instructor, QUIZ).expect(201)).body;
    // A video lesson without its video and a quiz without a correct answer: the API refuses both on
    // create, but data from before those rules (or a future draft form) may hold them.
    await harness.sql(`update lessons set media_id = null where id = ?`, [video.id]);
    await harness.sql(
      `update lessons set quiz = jsonb_set(quiz, '{questions,0,choices,0,correct}', 'false') where id = ?`,
      [quiz.id],
    );
    const blocked = await call('post', `/courses/${course.id}/publish`, instructor).expect(409);
    expect(blocked.body.blockers).toEqual([
      'Video lesson “Watch” has no video',
      'Quiz “Check”: question 1 has no correct answer',
      'Section “Second” has no lessons',
    ]);
    expect(blocked.body.message).toContain('Section “Second” has no lessons');
    expect((await call('get', `/courses/${course.id}`, instructor).expect(200)).body.status).toBe('draft');

    await call('patch', `/lessons/${video.id}`, instructor, { mediaId: randomUUID() }).expect(200);
    await call('patch', `/lessons/${quiz.id}`, instructor, { questions: QUIZ.questions }).expect(200);
    await call('delete', `/sections/${second.id}`, instructor).expect(204);
    const published = (await call('post', `/courses/${course.id}/publish`, instructor).expect(200)).body;
    expect(published.status).toBe('published');
  });

  it('archives a course out of every listing but its editors’, tells progress, and restores it as a draft', async () => {
    const { instructor, otherInstructor, learner, moderator, admin } = users;
    const { course, text } = await harness.courseWithLessons();
    await harness.publishCourse(course.id);

    for (const stranger of [otherInstructor, learner, moderator]) {
      await call('post', `/courses/${course.id}/archive`, stranger).expect(403);
      await call('post', `/courses/${course.id}/restore`, stranger).expect(403);
    }
    await call('post', `/courses/${course.id}/archive`).expect(401);
    await call('post', `/courses/${randomUUID()}/archive`, instructor).expect(404);
    await call('post', '/courses/not-an-id/archive', instructor).expect(400);

    const archived = (await call('post', `/courses/${course.id}/archive`, instructor).expect(200)).body;
    expect(archived.status).toBe('archived');
    await call('post', `/courses/${course.id}/archive`, instructor).expect(200); // idempotent
    const withdrawn = (await harness.outbox(course.id)).filter((row) => row.type === 'catalog.course.unpublished');
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0].payload.revision).toBe(archived.revision);

    const publicList = (await call('get', `/courses?search=${encodeURIComponent(course.title)}&limit=100`).expect(200))
      .body;
    expect(idsOf(publicList)).not.toContain(course.id);
    for (const stranger of [undefined, learner, otherInstructor]) {
      await call('get', `/courses/${course.id}`, stranger).expect(404);
      if (stranger) await call('get', `/lessons/${text.id}`, stranger).expect(404);
    }
    const mine = (await call('get', '/courses?mine=true&status=archived&limit=100', instructor).expect(200)).body;
    expect(idsOf(mine)).toContain(course.id);
    const drafts = (await call('get', '/courses?mine=true&status=draft&limit=100', instructor).expect(200)).body;
    expect(idsOf(drafts)).not.toContain(course.id);

    const refused = await call('post', `/courses/${course.id}/publish`, instructor).expect(409);
    expect(refused.body.message).toMatch(/archived/);
    await call('post', `/courses/${course.id}/unpublish`, instructor).expect(409);

    const restored = (await call('post', `/courses/${course.id}/restore`, admin).expect(200)).body;
    expect(restored.status).toBe('draft');
    await call('post', `/courses/${course.id}/publish`, instructor).expect(200);
    // A draft archived was never published: nothing to tell progress.
    const draft = (await call('post', '/courses', instructor, { title: 'Never out' }).expect(201)).body;
    await call('post', `/courses/${draft.id}/archive`, instructor).expect(200);
    expect((await harness.outbox(draft.id)).map((row) => row.type)).toEqual([]);
  });

  it('lists every course of every status to admins only, filtered by status and search', async () => {
    const { instructor, otherInstructor, learner, moderator, admin } = users;
    const word = `teach${randomUUID().slice(0, 8)}`;
    const draft = (await call('post', '/courses', otherInstructor, { title: `${word} draft` }).expect(201)).body;
    const { course: live } = await harness.courseWithLessons(instructor, `${word} live`);
    await harness.publishCourse(live.id);

    await call('get', '/courses?all=true').expect(401);
    for (const caller of [learner, moderator, instructor]) await call('get', '/courses?all=true', caller).expect(403);
    const all = (await call('get', `/courses?all=true&search=${word}`, admin).expect(200)).body;
    expect(idsOf(all).sort()).toEqual([draft.id, live.id].sort());
    const drafts = (await call('get', `/courses?all=true&status=draft&search=${word}`, admin).expect(200)).body;
    expect(idsOf(drafts)).toEqual([draft.id]);
    await call('get', '/courses?all=true&status=gone', admin).expect(400);
    // An admin manages another instructor's draft.
    await call('patch', `/courses/${draft.id}`, admin, { description: 'Checked by an admin' }).expect(200);
    await call('post', `/courses/${draft.id}/archive`, admin).expect(200);
  });

  it('moves a lesson to another section of its course only, renumbering both, and tells progress', async () => {
    const { instructor, otherInstructor } = users;
    const { course, section, text, quiz } = await harness.courseWithLessons();
    await harness.publishCourse(course.id);
    const other = (await call('post', `/courses/${course.id}/sections`, instructor, { title: 'Two' }).expect(201)).body;
    const { section: foreign } = await harness.courseWithLessons(otherInstructor);

    await call('patch', `/lessons/${text.id}`, otherInstructor, { sectionId: other.id }).expect(403);
    const refused = await call('patch', `/lessons/${text.id}`, instructor, { sectionId: foreign.id }).expect(400);
    expect(refused.body.message).toMatch(/not a section of this course/);
    await call('patch', `/lessons/${text.id}`, instructor, { sectionId: 'x' }).expect(400);

    const moved = (await call('patch', `/lessons/${text.id}`, instructor, { sectionId: other.id }).expect(200)).body;
    expect(moved).toMatchObject({ sectionId: other.id, position: 1 });
    await call('patch', `/lessons/${quiz.id}`, instructor, { sectionId: other.id, position: 1 }).expect(200);
    const outline = (await call('get', `/courses/${course.id}`, instructor).expect(200)).body;
    expect(
      outline.sections.map((s: { id: string; lessons: Array<{ id: string; position: number }> }) => [s.id, s.lessons]),
    ).toEqual([
      [section.id, []],
      [
        other.id,
        [expect.objectContaining({ id: quiz.id, position: 1 }), expect.objectContaining({ id: text.id, position: 2 })],
      ],
    ]);
    const updates = (await harness.outbox(course.id)).filter((row) => row.type === 'catalog.course.updated');
    const last = updates.at(-1)!.payload as unknown as { sections: Array<{ sectionId: string; lessons: unknown[] }> };
    expect(last.sections.map((s) => [s.sectionId, s.lessons.length])).toEqual([
      [section.id, 0],
      [other.id, 2],
    ]);
  });

  it('duplicates a course as a new draft of the caller’s, with new ids and without the cover', async () => {
    const { instructor, otherInstructor, learner, admin } = users;
    const { course, section, quiz } = await harness.courseWithLessons();
    const video = (
      await call('post', `/sections/${section.id}/lessons`, instructor, {
        type: 'video',
        title: 'Watch',
        mediaId: randomUUID(),
      }).expect(201)
    ).body;
    await call('put', `/courses/${course.id}/cover`, instructor, { mediaId: randomUUID() }).expect(200);
    await harness.publishCourse(course.id);

    await call('post', `/courses/${course.id}/duplicate`).expect(401);
    for (const stranger of [otherInstructor, learner])
      await call('post', `/courses/${course.id}/duplicate`, stranger).expect(403);
    await call('post', `/courses/${randomUUID()}/duplicate`, instructor).expect(404);

    const copy = (await call('post', `/courses/${course.id}/duplicate`, instructor).expect(201)).body;
    expect(copy).toMatchObject({
      title: `Copy of ${course.title}`,
      status: 'draft',
      instructorId: instructor.id,
      coverMediaId: null,
      lessonCount: 3,
    });
    expect(copy.id).not.toBe(course.id);
    expect(copy.slug).not.toBe(course.slug);
    const [copiedSection] = copy.sections;
    expect(copiedSection.id).not.toBe(section.id);
    expect(copiedSection.lessons.map((l: { title: string }) => l.title)).toEqual(['Read', 'Check', 'Watch']);
    const copiedQuiz = (await call('get', `/lessons/${copiedSection.lessons[1].id}`, instructor).expect(200)).body;
    const originalQuiz = (await call('get', `/lessons/${quiz.id}`, instructor).expect(200)).body;
    expect(copiedQuiz.questions[0].id).not.toBe(originalQuiz.questions[0].id);
    expect(copiedQuiz.questions[0].choices.map((c: { correct: boolean }) => c.correct)).toEqual(
      originalQuiz.questions[0].choices.map((c: { correct: boolean }) => c.correct),
    );
    const copiedVideo = (await call('get', `/lessons/${copiedSection.lessons[2].id}`, instructor).expect(200)).body;
    expect(copiedVideo.mediaId).toBe(video.mediaId);
    // The copy is a draft nobody else sees; it publishes on its own.
    await call('get', `/courses/${copy.id}`, learner).expect(404);
    await call('post', `/courses/${copy.id}/publish`, instructor).expect(200);

    // An admin's copy is the admin's, without the instructor's video (a course shows only its own instructor's media).
    const adminCopy = (await call('post', `/courses/${course.id}/duplicate`, admin).expect(201)).body;
    expect(adminCopy.instructorId).toBe(admin.id);
    const adminVideo = (await call('get', `/lessons/${adminCopy.sections[0].lessons[2].id}`, admin).expect(200)).body;
    expect(adminVideo.mediaId).toBeNull();
    const blocked = await call('post', `/courses/${adminCopy.id}/publish`, admin).expect(409);
    expect(blocked.body.blockers).toEqual(['Video lesson “Watch” has no video']);
  });

  it('moderation: authors edit, replies go one level deep, learners report, and moderators see reported comments first across courses', async () => {
    const { instructor, otherInstructor, learner, otherLearner, moderator, admin } = users;
    const { course, text, quiz } = await harness.courseWithLessons();
    await harness.publishCourse(course.id);
    const { course: other, text: otherText } = await harness.courseWithLessons(otherInstructor);
    await harness.publishCourse(other.id, otherInstructor);
    const post = (lessonId: string, caller: Caller, body: object) =>
      call('post', `/lessons/${lessonId}/comments`, caller, body);

    const question = (await post(text.id, learner, { body: 'How does this work?' }).expect(201)).body;
    expect(question).toMatchObject({ parentId: null, editedAt: null });
    const answer = (await post(text.id, instructor, { body: 'Like this.', parentId: question.id }).expect(201)).body;
    expect(answer.parentId).toBe(question.id);
    const deeper = await post(text.id, learner, { body: 'Thanks', parentId: answer.id }).expect(400);
    expect(deeper.body.message).toMatch(/one level/);
    await post(quiz.id, learner, { body: 'elsewhere', parentId: question.id }).expect(400);
    await post(text.id, learner, { body: 'x', parentId: randomUUID() }).expect(400);
    await post(text.id, learner, { body: 'x', parentId: 'nope' }).expect(400);

    // Only the author edits; not a moderator, not an admin.
    for (const other of [otherLearner, moderator, admin, instructor])
      await call('patch', `/comments/${question.id}`, other, { body: 'changed' }).expect(403);
    await call('patch', `/comments/${question.id}`, learner, { body: '' }).expect(400);
    await call('patch', `/comments/${randomUUID()}`, learner, { body: 'x' }).expect(404);
    const edited = (await call('patch', `/comments/${question.id}`, learner, { body: 'How does it work?' }).expect(200))
      .body;
    expect(edited).toMatchObject({ body: 'How does it work?', editedAt: expect.any(String) });

    // Reports: once per person, not one's own, only what one can read.
    const spam = (await post(otherText.id, otherLearner, { body: 'Buy things' }).expect(201)).body;
    const fine = (await post(otherText.id, learner, { body: 'Nice lesson' }).expect(201)).body;
    await call('post', `/comments/${spam.id}/reports`).expect(401);
    await call('post', `/comments/${spam.id}/reports`, otherLearner).expect(409);
    await call('post', `/comments/${spam.id}/reports`, learner).expect(204);
    await call('post', `/comments/${spam.id}/reports`, learner).expect(204);
    await call('post', `/comments/${spam.id}/reports`, instructor).expect(204);
    await call('post', `/comments/${answer.id}/reports`, otherLearner).expect(204);
    await call('post', `/comments/${randomUUID()}/reports`, learner).expect(404);

    // The queue: moderators and admins only; reported first (most reports first), then the newest.
    await call('get', '/comments').expect(401);
    for (const caller of [learner, instructor]) await call('get', '/comments', caller).expect(403);
    const queue = (await call('get', '/comments?limit=100', moderator).expect(200)).body;
    const ids = queue.items.map((item: { id: string }) => item.id);
    expect(ids.slice(0, 2)).toEqual([spam.id, answer.id]);
    expect(queue.items[0]).toMatchObject({
      reportCount: 2,
      courseId: other.id,
      courseTitle: other.title,
      lessonTitle: 'Read',
      body: 'Buy things',
    });
    expect(ids.indexOf(fine.id)).toBeLessThan(ids.indexOf(question.id)); // newest first after the reported
    expect((await call('get', '/comments?limit=100', admin).expect(200)).body.total).toBe(queue.total);

    // Deleting from the queue; a deleted comment takes its replies and reports along.
    await call('delete', `/comments/${spam.id}`, moderator).expect(204);
    await call('delete', `/comments/${question.id}`, moderator).expect(204);
    const after = (await call('get', '/comments?limit=100', moderator).expect(200)).body;
    const left = after.items.map((item: { id: string }) => item.id);
    expect(left).not.toContain(spam.id);
    expect(left).not.toContain(answer.id);
    expect(left).toContain(fine.id);
    const lessonComments = (await call('get', `/lessons/${text.id}/comments`, learner).expect(200)).body;
    expect(lessonComments.items).toEqual([]);
  });

  it('refuses titles and comments that show nothing (only zero-width, bidi or filler characters)', async () => {
    const { instructor, learner } = users;
    const { course, section, text } = await harness.courseWithLessons();
    await harness.publishCourse(course.id);
    const blank = '\u200b\u202e\u3164\u2800';
    const refusals = [
      call('post', '/courses', instructor, { title: blank }),
      call('patch', `/courses/${course.id}`, instructor, { title: blank }),
      call('post', `/courses/${course.id}/sections`, instructor, { title: blank }),
      call('patch', `/sections/${section.id}`, instructor, { title: blank }),
      call('post', `/sections/${section.id}/lessons`, instructor, { type: 'text', title: blank, content: 'x' }),
      call('patch', `/lessons/${text.id}`, instructor, { title: blank }),
      call('post', `/lessons/${text.id}/comments`, learner, { body: blank }),
    ];
    for (const refused of refusals) {
      const answer = await refused.expect(400);
      expect(answer.body.message).toMatch(/(title|body) must contain a visible character/);
    }
    const comment = (await call('post', `/lessons/${text.id}/comments`, learner, { body: 'Visible' }).expect(201)).body;
    await call('patch', `/comments/${comment.id}`, learner, { body: '\u200b\u200d' }).expect(400);
    // Invisible characters beside visible ones are the writer's business.
    await call('patch', `/comments/${comment.id}`, learner, { body: 'a\u200bb' }).expect(200);
  });

  it('closes editing with the discussion: no edits once the course is archived or unpublished', async () => {
    const { instructor, learner } = users;
    const { course, text } = await harness.courseWithLessons();
    await harness.publishCourse(course.id);
    const mine = (await call('post', `/lessons/${text.id}/comments`, learner, { body: 'Before' }).expect(201)).body;
    const owners = (await call('post', `/lessons/${text.id}/comments`, instructor, { body: 'Mine' }).expect(201)).body;

    await call('post', `/courses/${course.id}/archive`, instructor).expect(200);
    // The learner no longer sees the course at all; its instructor still does, and is told why.
    await call('patch', `/comments/${mine.id}`, learner, { body: 'Edited in the dark' }).expect(404);
    const closed = await call('patch', `/comments/${owners.id}`, instructor, { body: 'Changed' }).expect(409);
    expect(closed.body.message).toMatch(/published/);

    await call('post', `/courses/${course.id}/restore`, instructor).expect(200);
    await call('patch', `/comments/${mine.id}`, learner, { body: 'Edited in the dark' }).expect(404);
    await harness.publishCourse(course.id);
    const comments = (await call('get', `/lessons/${text.id}/comments`, learner).expect(200)).body;
    expect(comments.items.map((item: { body: string; editedAt: string | null }) => [item.body, item.editedAt])).toEqual(
      [
        ['Before', null],
        ['Mine', null],
      ],
    );
    await call('patch', `/comments/${mine.id}`, learner, { body: 'After' }).expect(200);
  });
});
