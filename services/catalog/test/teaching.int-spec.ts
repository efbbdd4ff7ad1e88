import { randomUUID } from 'node:crypto';
import { API, as, type Caller, CatalogHarness, QUIZ } from './catalog-harness';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

describe('teaching and running courses (issue 18; real PostgreSQL, RabbitMQ, HTTP)', () => {
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
});
