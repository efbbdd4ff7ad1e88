import { randomUUID } from 'node:crypto';
import { Migration20261204055000 } from '../src/migrations/Migration20261204055000';
import { API, as, type Caller, CatalogHarness, QUIZ } from './catalog-harness';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

describe('catalog over HTTP (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let harness: CatalogHarness;
  let users: CatalogHarness['users'];
  const http = () => harness.http();

  beforeAll(async () => {
    harness = await CatalogHarness.start();
    users = harness.users;
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** A request as `caller` (anonymous when undefined), with a JSON body if given. */
  function call(method: Method, path: string, caller?: Caller, body?: unknown) {
    let req = http()[method](`${API}${path}`);
    if (caller) req = req.set(as(caller));
    return body === undefined ? req : req.send(body as object);
  }

  it('lets only instructors create courses, as drafts visible to their owner (and admins) only', async () => {
    const { instructor, learner, moderator, otherInstructor, admin } = users;
    await call('post', '/courses', undefined, { title: 'x' }).expect(401);
    await call('post', '/courses', learner, { title: 'x' }).expect(403);
    await call('post', '/courses', moderator, { title: 'x' }).expect(403);
    const created = await call('post', '/courses', instructor, { title: 'Draft Course', description: 'd' }).expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      instructorId: instructor.id,
      title: 'Draft Course',
      description: 'd',
      slug: expect.stringMatching(/^draft-course/),
      coverMediaId: null,
      coverUrl: null,
      coverSmallUrl: null,
      sections: [],
    });
    const again = await call('post', '/courses', instructor, { title: 'Draft  course!' }).expect(201);
    expect(again.body.slug).toMatch(/^draft-course-[0-9a-f]{6}$/);
    expect(again.body.slug).not.toBe(created.body.slug);

    for (const stranger of [undefined, learner, otherInstructor, moderator])
      await call('get', `/courses/${created.body.id}`, stranger).expect(404);
    await call('get', `/courses/${created.body.id}`, instructor).expect(200);
    await call('get', `/courses/${created.body.id}`, admin).expect(200);

    const publicList = await call('get', '/courses?limit=100').expect(200);
    expect(publicList.body.items.map((c: { id: string }) => c.id)).not.toContain(created.body.id);
    const mine = await call('get', '/courses?mine=true&limit=100', instructor).expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([created.body.id, again.body.id]),
    );
    const theirs = await call('get', '/courses?mine=true', otherInstructor).expect(200);
    expect(theirs.body.items.map((c: { id: string }) => c.id)).not.toContain(created.body.id);
    await call('get', '/courses?mine=true').expect(401);
  });

  it('refuses every write by anonymous callers, learners, moderators and other instructors, and changes nothing', async () => {
    const { instructor, otherInstructor, learner, otherLearner, moderator, admin } = users;
    const { course, section, text, quiz } = await harness.courseWithLessons();
    await harness.publishCourse(course.id);
    const comment = (await call('post', `/lessons/${text.id}/comments`, learner, { body: 'mine' }).expect(201)).body;
    // The author is shown by the display name in their token, never by (a part of) their e-mail.
    expect(comment.authorName).toBe(learner.displayName);
    expect(comment.authorName).not.toContain(learner.email!.split('@')[0]);
    const before = (await call('get', `/courses/${course.id}`, instructor).expect(200)).body;

    const courseWrites: Array<[Method, string, unknown?]> = [
      ['patch', `/courses/${course.id}`, { title: 'hijack' }],
      ['delete', `/courses/${course.id}`],
      ['post', `/courses/${course.id}/publish`],
      ['post', `/courses/${course.id}/unpublish`],
      ['put', `/courses/${course.id}/cover`, { mediaId: randomUUID() }],
      ['post', `/courses/${course.id}/sections`, { title: 'x' }],
      ['patch', `/sections/${section.id}`, { title: 'x', position: 1 }],
      ['delete', `/sections/${section.id}`],
      ['post', `/sections/${section.id}/lessons`, { type: 'text', title: 't', content: 'c' }],
      ['patch', `/lessons/${text.id}`, { title: 'x' }],
      ['patch', `/lessons/${quiz.id}`, { passPercent: 0 }],
      ['delete', `/lessons/${text.id}`],
    ];
    const refusals: string[] = [];
    const expectStatus = async (
      method: Method,
      path: string,
      caller: Caller | undefined,
      body: unknown,
      status: number,
    ) => {
      const response = await call(method, path, caller, body);
      if (response.status !== status) refusals.push(`${method} ${path} → ${response.status}, expected ${status}`);
      else
        expect(response.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String) });
    };
    for (const [method, path, body] of courseWrites) {
      await expectStatus(method, path, undefined, body, 401);
      for (const caller of [learner, moderator, otherInstructor]) await expectStatus(method, path, caller, body, 403);
    }
    await expectStatus('post', '/courses', undefined, { title: 'x' }, 401);
    await expectStatus('post', `/lessons/${text.id}/comments`, undefined, { body: 'x' }, 401);
    await expectStatus('delete', `/comments/${comment.id}`, undefined, undefined, 401);
    // Not the author: neither another learner nor the course's own instructor (moderators and admins moderate).
    await expectStatus('delete', `/comments/${comment.id}`, otherLearner, undefined, 403);
    await expectStatus('delete', `/comments/${comment.id}`, instructor, undefined, 403);
    expect(refusals).toEqual([]);

    const after = (await call('get', `/courses/${course.id}`, instructor).expect(200)).body;
    expect(after).toEqual(before);
    expect((await call('get', `/lessons/${text.id}/comments`, learner).expect(200)).body.total).toBe(1);

    // An admin may do what the owner may.
    await call('patch', `/courses/${course.id}`, admin, { title: 'Admin may' }).expect(200);
    await call('delete', `/comments/${comment.id}`, admin).expect(204);
  });

  it('answers bad input with a clear 4xx, never a 500', async () => {
    const { instructor, learner } = users;
    const { course, section, text, quiz } = await harness.courseWithLessons();
    const unknown = randomUUID();
    const cases: Array<[Method, string, unknown, number]> = [
      // malformed ids, on every route that takes one
      ['get', '/courses/not-a-uuid', undefined, 400],
      ['patch', '/courses/123', { title: 'x' }, 400],
      ['delete', '/courses/x', undefined, 400],
      ['post', '/courses/x/publish', undefined, 400],
      ['post', '/courses/x/unpublish', undefined, 400],
      ['put', '/courses/x/cover', { mediaId: unknown }, 400],
      ['post', '/courses/x/sections', { title: 'x' }, 400],
      ['patch', '/sections/x', { title: 'x' }, 400],
      ['delete', '/sections/x', undefined, 400],
      ['post', '/sections/x/lessons', { type: 'text', title: 't', content: 'c' }, 400],
      ['get', '/lessons/x', undefined, 400],
      ['patch', '/lessons/x', { title: 'x' }, 400],
      ['delete', '/lessons/x', undefined, 400],
      ['get', '/lessons/x/comments', undefined, 400],
      ['post', '/lessons/x/comments', { body: 'x' }, 400],
      ['delete', '/comments/x', undefined, 400],
      // unknown ids
      ['get', `/courses/${unknown}`, undefined, 404],
      ['patch', `/courses/${unknown}`, { title: 'x' }, 404],
      ['post', `/courses/${unknown}/publish`, undefined, 404],
      ['post', `/courses/${unknown}/sections`, { title: 'x' }, 404],
      ['patch', `/sections/${unknown}`, { title: 'x' }, 404],
      ['post', `/sections/${unknown}/lessons`, { type: 'text', title: 't', content: 'c' }, 404],
      ['get', `/lessons/${unknown}`, undefined, 404],
      ['delete', `/lessons/${unknown}`, undefined, 404],
      ['get', `/lessons/${unknown}/comments`, undefined, 404],
      ['post', `/lessons/${unknown}/comments`, { body: 'x' }, 404],
      ['delete', `/comments/${unknown}`, undefined, 404],
      // courses: missing fields, wrong types, nulls, unknown fields, NUL characters, lengths
      ['post', '/courses', {}, 400],
      ['post', '/courses', { title: 5 }, 400],
      ['post', '/courses', { title: null }, 400],
      ['post', '/courses', { title: '   ' }, 400],
      ['post', '/courses', { title: 'x'.repeat(201) }, 400],
      ['post', '/courses', { title: 'a\u0000b' }, 400],
      ['post', '/courses', { title: 'x', description: null }, 400],
      ['post', '/courses', { title: 'x', status: 'published' }, 400],
      ['post', '/courses', { title: 'x', instructorId: learner.id }, 400],
      ['post', '/courses', ['x'], 400],
      ['patch', `/courses/${course.id}`, { title: null }, 400],
      ['patch', `/courses/${course.id}`, { description: null }, 400],
      ['patch', `/courses/${course.id}`, { description: 5 }, 400],
      ['patch', `/courses/${course.id}`, { revision: 99 }, 400],
      ['patch', `/courses/${course.id}`, { slug: 'mine' }, 400],
      ['put', `/courses/${course.id}/cover`, {}, 400],
      ['put', `/courses/${course.id}/cover`, { mediaId: 'nope' }, 400],
      ['put', `/courses/${course.id}/cover`, { mediaId: 5 }, 400],
      // sections
      ['post', `/courses/${course.id}/sections`, {}, 400],
      ['post', `/courses/${course.id}/sections`, { title: ['x'] }, 400],
      ['patch', `/sections/${section.id}`, { title: null }, 400],
      ['patch', `/sections/${section.id}`, { position: 0 }, 400],
      ['patch', `/sections/${section.id}`, { position: 1.5 }, 400],
      ['patch', `/sections/${section.id}`, { position: '2' }, 400],
      ['patch', `/sections/${section.id}`, { position: null }, 400],
      // lessons
      ['post', `/sections/${section.id}/lessons`, { type: 'podcast', title: 't' }, 400],
      ['post', `/sections/${section.id}/lessons`, { title: 't', content: 'c' }, 400],
      ['post', `/sections/${section.id}/lessons`, { type: 'text', title: 't' }, 400],
      ['post', `/sections/${section.id}/lessons`, { type: 'text', title: 't', content: 5 }, 400],
      ['post', `/sections/${section.id}/lessons`, { type: 'text', title: 't', content: 'c\u0000' }, 400],
      ['post', `/sections/${section.id}/lessons`, { type: 'video', title: 'v' }, 400],
      ['post', `/sections/${section.id}/lessons`, { type: 'video', title: 'v', mediaId: 'x' }, 400],
      ['post', `/sections/${section.id}/lessons`, { type: 'quiz', title: 'q', passPercent: 50 }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, passPercent: 150 }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, passPercent: '50' }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, maxAttempts: 0 }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, maxAttempts: 21 }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, maxAttempts: null }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, maxAttempts: 2.5 }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, review: 'never' }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, review: null }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, allowRetakeAfterPass: 'yes' }, 400],
      [
        'post',
        `/sections/${section.id}/lessons`,
        { ...QUIZ, questions: [{ ...QUIZ.questions[0], explanation: 'x'.repeat(2001) }] },
        400,
      ],
      [
        'post',
        `/sections/${section.id}/lessons`,
        { ...QUIZ, questions: [{ ...QUIZ.questions[0], explanation: 42 }] },
        400,
      ],
      [
        'post',
        `/sections/${section.id}/lessons`,
        { ...QUIZ, questions: [{ ...QUIZ.questions[0], explanation: 'a\u0000b' }] },
        400,
      ],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, questions: [] }, 400],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, questions: 'all' }, 400],
      [
        'post',
        `/sections/${section.id}/lessons`,
        { ...QUIZ, questions: [{ prompt: 'p', choices: [{ text: 'a', correct: true }] }] },
        400,
      ],
      ['post', `/sections/${section.id}/lessons`, { ...QUIZ, questions: [{ prompt: 'p', choices: ['a', 'b'] }] }, 400],
      [
        'post',
        `/sections/${section.id}/lessons`,
        {
          ...QUIZ,
          questions: [
            {
              prompt: 'p',
              choices: [
                { text: 'a', correct: 'yes' },
                { text: 'b', correct: false },
              ],
            },
          ],
        },
        400,
      ],
      [
        'post',
        `/sections/${section.id}/lessons`,
        {
          ...QUIZ,
          questions: [
            {
              prompt: 'p',
              choices: [
                { text: 'a', correct: true, id: unknown },
                { text: 'b', correct: false },
              ],
            },
          ],
        },
        400,
      ],
      ['patch', `/lessons/${quiz.id}`, { content: 'x' }, 400],
      ['patch', `/lessons/${text.id}`, { mediaId: unknown }, 400],
      ['patch', `/lessons/${text.id}`, { passPercent: 50 }, 400],
      ['patch', `/lessons/${text.id}`, { title: null }, 400],
      ['patch', `/lessons/${text.id}`, { content: null }, 400],
      ['patch', `/lessons/${text.id}`, { position: -1 }, 400],
      ['patch', `/lessons/${text.id}`, { type: 'quiz' }, 400],
      // listings
      ['get', '/courses?limit=1000', undefined, 400],
      ['get', '/courses?limit=0', undefined, 400],
      ['get', '/courses?page=0', undefined, 400],
      ['get', '/courses?page=-1', undefined, 400],
      ['get', '/courses?page=abc', undefined, 400],
      ['get', '/courses?mine=maybe', undefined, 400],
      ['get', `/courses?search=${'x'.repeat(201)}`, undefined, 400],
      ['get', '/courses?search=%00', undefined, 400],
      ['get', '/courses?search=a&search=b', undefined, 400],
      ['get', `/lessons/${text.id}/comments?limit=101`, undefined, 400],
    ];
    const wrong: string[] = [];
    for (const [method, path, body, status] of cases) {
      const response = await call(method, path, instructor, body);
      if (response.status !== status)
        wrong.push(`${method} ${path} ${JSON.stringify(body)} → ${response.status} ${response.text}`);
      else if (status === 400) expect(response.body.message).toEqual(expect.any(String));
    }
    expect(wrong).toEqual([]);

    const noCorrect = await call('post', `/sections/${section.id}/lessons`, instructor, {
      ...QUIZ,
      questions: [
        {
          prompt: 'p',
          choices: [
            { text: 'a', correct: true },
            { text: 'b', correct: false },
          ],
        },
        {
          prompt: 'q',
          choices: [
            { text: 'a', correct: false },
            { text: 'b', correct: false },
          ],
        },
      ],
    }).expect(400);
    expect(noCorrect.body.message).toMatch(/question 2 needs at least one correct choice/);
    const badType = await call('post', `/sections/${section.id}/lessons`, instructor, { type: 'podcast', title: 't' });
    expect(badType.body.message).toMatch(/type must be one of text, video, quiz/);

    // Bodies that are not JSON objects at all.
    await http()
      .post(`${API}/courses`)
      .set(as(instructor))
      .set('content-type', 'application/json')
      .send('{"title": ')
      .expect(400);
    // Fastify reads text/plain as a string: not an object, so a 400 too.
    await http().post(`${API}/courses`).set(as(instructor)).set('content-type', 'text/plain').send('title').expect(400);

    // Nothing above changed the course.
    const unchanged = (await call('get', `/courses/${course.id}`, instructor).expect(200)).body;
    expect(unchanged).toMatchObject({ title: course.title, revision: course.revision + 3 });
    expect(unchanged.sections[0].lessons).toHaveLength(2);
  });

  it('refuses hostile shapes: deep JSON and numbers that overflow, even unauthenticated', async () => {
    const { instructor } = users;
    const { text } = await harness.courseWithLessons();
    const deep = `{"title":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
    const nested = await http()
      .post(`${API}/courses`)
      .set(as(instructor))
      .set('content-type', 'application/json')
      .send(deep);
    expect(nested.status).toBe(400);
    expect(nested.body.message).toMatch(/nested too deeply/);
    const overflowing = [
      ['/courses?page=5e17', /page must not be greater than/],
      ['/courses?page=1e300', /page must not be greater than/],
      ['/courses?page=12345678901234567890', /page must not be greater than/],
      ['/courses?page=Infinity', /page must be a whole number/],
      ['/courses?limit=1e300', /limit must not be greater than 100/],
      [`/lessons/${text.id}/comments?page=99999999999999999999`, /page must not be greater than/],
    ] as const;
    for (const [path, message] of overflowing) {
      // Comments are for signed-in users; the course list answers anyone.
      const response = await call('get', path, path.startsWith('/lessons') ? instructor : undefined);
      expect({ path, status: response.status, message: response.body.message }).toEqual({
        path,
        status: 400,
        message: expect.stringMatching(message),
      });
    }
    // The largest page allowed is answered (empty), not refused.
    const last = await call('get', '/courses?page=10000').expect(200);
    expect(last.body).toMatchObject({ items: [], page: 10000 });
  });

  it('lets an instructor whose role was removed change none of their courses', async () => {
    const { instructor, admin } = users;
    const { course, section, text } = await harness.courseWithLessons();
    const former = await harness.withRoles(instructor, 'learner');
    const writes: Array<[Method, string, unknown?]> = [
      ['patch', `/courses/${course.id}`, { title: 'still mine?' }],
      ['post', `/courses/${course.id}/publish`],
      ['post', `/courses/${course.id}/unpublish`],
      ['put', `/courses/${course.id}/cover`, { mediaId: randomUUID() }],
      ['post', `/courses/${course.id}/sections`, { title: 'x' }],
      ['patch', `/sections/${section.id}`, { title: 'x' }],
      ['delete', `/sections/${section.id}`],
      ['post', `/sections/${section.id}/lessons`, { type: 'text', title: 't', content: 'c' }],
      ['patch', `/lessons/${text.id}`, { title: 'x' }],
      ['delete', `/lessons/${text.id}`],
      ['delete', `/courses/${course.id}`],
      ['post', '/courses', { title: 'new' }],
    ];
    const allowed: string[] = [];
    for (const [method, path, body] of writes) {
      const response = await call(method, path, former, body);
      if (response.status !== 403) allowed.push(`${method} ${path} → ${response.status}`);
    }
    expect(allowed).toEqual([]);
    // Nothing changed; the owner may still read their draft, and an admin (no instructor role) may edit.
    const after = (await call('get', `/courses/${course.id}`, former).expect(200)).body;
    expect(after).toMatchObject({ title: course.title, revision: course.revision + 3, status: 'draft' });
    await call('patch', `/courses/${course.id}`, admin, { title: 'Admin may' }).expect(200);
  });

  it('publishes only with a lesson, and a published course keeps at least one', async () => {
    const { instructor, learner } = users;
    const empty = (await call('post', '/courses', instructor, { title: 'Empty one' }).expect(201)).body;
    const refused = await call('post', `/courses/${empty.id}/publish`, instructor).expect(409);
    expect(refused.body.message).toMatch(/at least one lesson/);
    const section = (await call('post', `/courses/${empty.id}/sections`, instructor, { title: 'S' }).expect(201)).body;
    await call('post', `/courses/${empty.id}/publish`, instructor).expect(409);
    const lesson = (
      await call('post', `/sections/${section.id}/lessons`, instructor, {
        type: 'video',
        title: 'Watch',
        mediaId: randomUUID(),
      }).expect(201)
    ).body;
    const published = (await call('post', `/courses/${empty.id}/publish`, instructor).expect(200)).body;
    expect(published).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
    await call('post', `/courses/${empty.id}/publish`, instructor).expect(200);
    await call('get', `/courses/${empty.id}`).expect(200);

    await call('delete', `/lessons/${lesson.id}`, instructor).expect(409);
    await call('delete', `/sections/${section.id}`, instructor).expect(409);

    const unpublished = (await call('post', `/courses/${empty.id}/unpublish`, instructor).expect(200)).body;
    expect(unpublished.status).toBe('draft');
    await call('get', `/courses/${empty.id}`).expect(404);
    await call('get', `/lessons/${lesson.id}`, learner).expect(404);
    await call('delete', `/lessons/${lesson.id}`, instructor).expect(204);
  });

  it('lists published courses newest first in stable pages, and searches title and description by rank', async () => {
    const { instructor, otherInstructor } = users;
    const word = `zebra${randomUUID().slice(0, 8)}`;
    const published: string[] = [];
    for (let i = 0; i < 4; i++) {
      const owner = i % 2 ? otherInstructor : instructor;
      const { course } = await harness.courseWithLessons(owner, `${word} course ${i}`);
      await harness.publishCourse(course.id, owner);
      published.push(course.id);
    }
    const { course: draft } = await harness.courseWithLessons(instructor, `${word} draft`);
    // Mentions the word in its title and twice in its description: the best match.
    const strong = (
      await call('post', '/courses', instructor, {
        title: `All about ${word}`,
        description: `${word} ${word} and other animals`,
      }).expect(201)
    ).body;
    const section = (await call('post', `/courses/${strong.id}/sections`, instructor, { title: 'S' }).expect(201)).body;
    await call('post', `/sections/${section.id}/lessons`, instructor, {
      type: 'text',
      title: 'T',
      content: 'c',
    }).expect(201);
    await harness.publishCourse(strong.id);

    const pages = [];
    for (const page of [1, 2, 3]) {
      const response = await call('get', `/courses?search=${word}&limit=2&page=${page}`).expect(200);
      expect(response.body).toMatchObject({ total: 5, page, limit: 2 });
      pages.push(...response.body.items.map((c: { id: string }) => c.id));
    }
    // Best rank first, then newest published first; every course exactly once, the draft never.
    expect(pages).toEqual([strong.id, ...[...published].reverse()]);
    expect(pages).not.toContain(draft.id);

    const item = (await call('get', `/courses?search=${word}&limit=1`).expect(200)).body.items[0];
    expect(item).toMatchObject({ id: strong.id, status: 'published', coverUrl: null, slug: expect.any(String) });

    // Description words count; several words are all required; unknown words find nothing.
    const byDescription = await call('get', `/courses?search=${encodeURIComponent(`other animals ${word}`)}`).expect(
      200,
    );
    expect(byDescription.body.items.map((c: { id: string }) => c.id)).toEqual([strong.id]);
    expect((await call('get', `/courses?search=${word}%20nothingmatches`).expect(200)).body.total).toBe(0);
    expect((await call('get', `/courses?search=${encodeURIComponent('"" -')}`).expect(200)).body.items).toEqual(
      expect.any(Array),
    );

    // Without a search: published only, newest first, pages that neither overlap nor skip.
    const all = (await call('get', '/courses?limit=100').expect(200)).body;
    const ids = all.items.map((c: { id: string }) => c.id);
    expect(ids.slice(0, 5)).toEqual([strong.id, ...[...published].reverse()]);
    const paged: string[] = [];
    for (let page = 1; (page - 1) * 3 < all.total; page++)
      paged.push(
        ...(await call('get', `/courses?limit=3&page=${page}`).expect(200)).body.items.map((c: { id: string }) => c.id),
      );
    expect(paged).toEqual(ids);

    // The search column is GIN-indexed.
    const indexes = await harness.sql<{ indexdef: string }>(
      `select indexdef from pg_indexes where tablename = 'courses' and indexdef ilike '%using gin%search_vector%'`,
    );
    expect(indexes).toHaveLength(1);
  });

  it('shows lessons of published courses to signed-in users, quiz answers and explanations to editors only', async () => {
    const { instructor, learner, otherInstructor, admin } = users;
    const { course, section, quiz, text } = await harness.courseWithLessons();
    const mediaId = randomUUID();
    const video = (
      await call('post', `/sections/${section.id}/lessons`, instructor, { type: 'video', title: 'V', mediaId }).expect(
        201,
      )
    ).body;
    await call('get', `/lessons/${text.id}`, learner).expect(404);
    await call('get', `/lessons/${quiz.id}`, otherInstructor).expect(404);
    await call('patch', `/lessons/${quiz.id}`, instructor, {
      questions: [{ ...QUIZ.questions[0], explanation: 'One and one make two.' }],
    }).expect(200);
    await harness.publishCourse(course.id);

    await call('get', `/lessons/${text.id}`).expect(401);
    expect((await call('get', `/lessons/${text.id}`, learner).expect(200)).body).toMatchObject({
      id: text.id,
      courseId: course.id,
      sectionId: section.id,
      type: 'text',
      content: 'Hello',
    });
    expect((await call('get', `/lessons/${video.id}`, learner).expect(200)).body).toMatchObject({
      type: 'video',
      mediaId,
      videoUrl: `/api/media/${mediaId}/file`,
    });
    const seen = await call('get', `/lessons/${quiz.id}`, learner).expect(200);
    expect(seen.body).toMatchObject({ type: 'quiz', passPercent: 50, maxAttempts: 3 });
    expect(seen.body.questions[0]).toEqual({
      id: expect.any(String),
      prompt: '1+1?',
      choices: [
        { id: expect.any(String), text: '2' },
        { id: expect.any(String), text: '3' },
      ],
    });
    expect(JSON.stringify(seen.body)).not.toContain('correct');
    expect(JSON.stringify(seen.body)).not.toMatch(/explanation|make two/);
    for (const caller of [otherInstructor]) {
      const body = JSON.stringify((await call('get', `/lessons/${quiz.id}`, caller).expect(200)).body);
      expect(body).not.toContain('correct');
      expect(body).not.toMatch(/explanation|make two/);
    }
    for (const editor of [instructor, admin]) {
      const full = (await call('get', `/lessons/${quiz.id}`, editor).expect(200)).body;
      expect(full.questions[0].choices.map((c: { correct: boolean }) => c.correct)).toEqual([true, false]);
      expect(full.questions[0].explanation).toBe('One and one make two.');
    }
    // The course outline never carries lesson bodies or answers.
    const outline = JSON.stringify((await call('get', `/courses/${course.id}`).expect(200)).body);
    expect(outline).not.toContain('correct');
    expect(outline).not.toContain('Hello');
  });

  it('gives quizzes made before the quiz rules existed the defaults (migration), keeping rules already set', async () => {
    const { instructor } = users;
    const { section, quiz: old } = await harness.courseWithLessons();
    const set = (
      await call('post', `/sections/${section.id}/lessons`, instructor, {
        ...QUIZ,
        maxAttempts: 7,
        review: 'after-pass',
        allowRetakeAfterPass: true,
        questions: [{ ...QUIZ.questions[0], explanation: 'Kept.' }],
      }).expect(201)
    ).body;
    await harness.sql(
      `update lessons set quiz = (quiz - 'review' - 'allowRetakeAfterPass')
         || jsonb_build_object('maxAttempts', null, 'questions', jsonb_build_array((quiz -> 'questions' -> 0) - 'explanation'))
       where id = ?`,
      [old.id],
    );
    const orm = harness.catalog.orm;
    await orm.em.fork().transactional(async (em) => {
      const migration = new Migration20261204055000(orm.em.getDriver(), orm.config);
      migration.setTransactionContext(em.getTransactionContext()!);
      await migration.up();
      // up() only queues its statements: run them as the migrator does.
      for (const query of migration.getQueries())
        await em.getConnection().execute(String(query), [], 'run', em.getTransactionContext());
    });
    const migrated = (await call('get', `/lessons/${old.id}`, instructor).expect(200)).body;
    expect(migrated).toMatchObject({
      maxAttempts: 3,
      review: 'after-pass-or-last-attempt',
      allowRetakeAfterPass: false,
    });
    expect(migrated.questions[0]).toMatchObject({ prompt: '1+1?', explanation: null });
    const kept = (await call('get', `/lessons/${set.id}`, instructor).expect(200)).body;
    expect(kept).toMatchObject({ maxAttempts: 7, review: 'after-pass', allowRetakeAfterPass: true });
    expect(kept.questions[0].explanation).toBe('Kept.');
  });

  it('edits lessons of each type, keeping ids of what it does not replace', async () => {
    const { instructor } = users;
    const { quiz, text } = await harness.courseWithLessons();
    const edited = (
      await call('patch', `/lessons/${text.id}`, instructor, { title: 'Read more', content: 'Bye' }).expect(200)
    ).body;
    expect(edited).toMatchObject({ title: 'Read more', content: 'Bye' });
    const before = (await call('get', `/lessons/${quiz.id}`, instructor).expect(200)).body;
    const raised = (
      await call('patch', `/lessons/${quiz.id}`, instructor, {
        passPercent: 80,
        maxAttempts: 5,
        review: 'immediately',
        allowRetakeAfterPass: true,
      }).expect(200)
    ).body;
    expect(raised).toMatchObject({
      passPercent: 80,
      maxAttempts: 5,
      review: 'immediately',
      allowRetakeAfterPass: true,
      questions: before.questions,
    });
    await call('patch', `/lessons/${quiz.id}`, instructor, { maxAttempts: null }).expect(400);
    await call('patch', `/lessons/${text.id}`, instructor, { review: 'immediately' }).expect(400);
    const replaced = (
      await call('patch', `/lessons/${quiz.id}`, instructor, {
        questions: [
          {
            prompt: 'New?',
            choices: [
              { text: 'y', correct: true },
              { text: 'n', correct: true },
            ],
          },
        ],
      }).expect(200)
    ).body;
    expect(replaced.passPercent).toBe(80);
    expect(replaced.questions).toHaveLength(1);
    expect(replaced.questions[0].choices.every((c: { correct: boolean }) => c.correct)).toBe(true);
  });

  it('reorders sections and lessons, and closes gaps after removals', async () => {
    const { instructor } = users;
    const { course, section, text, quiz } = await harness.courseWithLessons();
    const second = (await call('post', `/courses/${course.id}/sections`, instructor, { title: 'Two' }).expect(201))
      .body;
    expect(second.position).toBe(2);
    const reordered = (await call('patch', `/sections/${second.id}`, instructor, { position: 1 }).expect(200)).body;
    expect(reordered.sections.map((s: { id: string }) => s.id)).toEqual([second.id, section.id]);
    await call('patch', `/lessons/${quiz.id}`, instructor, { position: 1 }).expect(200);
    const outline = (await call('get', `/courses/${course.id}`, instructor).expect(200)).body;
    expect(outline.sections.map((s: { id: string; position: number }) => [s.id, s.position])).toEqual([
      [second.id, 1],
      [section.id, 2],
    ]);
    expect(outline.sections[1].lessons.map((l: { id: string; position: number }) => [l.id, l.position])).toEqual([
      [quiz.id, 1],
      [text.id, 2],
    ]);
    // Out-of-range positions are clamped to the end.
    await call('patch', `/sections/${second.id}`, instructor, { position: 99 }).expect(200);
    await call('delete', `/sections/${section.id}`, instructor).expect(204);
    const after = (await call('get', `/courses/${course.id}`, instructor).expect(200)).body;
    expect(after.sections.map((s: { id: string; position: number }) => [s.id, s.position])).toEqual([[second.id, 1]]);
  });

  it('reads the outline in at most two queries, whatever the number of sections', async () => {
    const { instructor } = users;
    const { course } = await harness.courseWithLessons();
    for (let i = 0; i < 5; i++) {
      const section = (await call('post', `/courses/${course.id}/sections`, instructor, { title: `S${i}` }).expect(201))
        .body;
      await call('post', `/sections/${section.id}/lessons`, instructor, {
        type: 'text',
        title: 'T',
        content: 'c',
      }).expect(201);
    }
    await call('put', `/courses/${course.id}/cover`, instructor, { mediaId: randomUUID() }).expect(200);
    await harness.publishCourse(course.id);
    const knex = harness.catalog.orm.em.getConnection().getKnex();
    const queries: string[] = [];
    // Only catalog's own tables: the outbox relay polls on the same pool meanwhile.
    const listener = (query: { sql: string }) => {
      if (/"(courses|sections|lessons|media_images)"/.test(query.sql)) queries.push(query.sql);
    };
    knex.on('query', listener);
    try {
      const outline = await call('get', `/courses/${course.id}`).expect(200);
      expect(outline.body.sections).toHaveLength(6);
      expect(outline.body.sections.flatMap((s: { lessons: unknown[] }) => s.lessons)).toHaveLength(7);
    } finally {
      knex.removeListener('query', listener);
    }
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.length).toBeLessThanOrEqual(2);
  });

  it('lets signed-in users discuss published lessons; the author, a moderator or an admin deletes', async () => {
    const { instructor, learner, otherLearner, moderator } = users;
    const { course, text, quiz } = await harness.courseWithLessons();
    await call('post', `/lessons/${text.id}/comments`, instructor, { body: 'too early' }).expect(409);
    await call('get', `/lessons/${text.id}/comments`, learner).expect(404);
    await harness.publishCourse(course.id);
    await call('post', `/lessons/${text.id}/comments`, undefined, { body: 'anon' }).expect(401);
    await call('get', `/lessons/${text.id}/comments`).expect(401);
    for (const body of [
      { body: '' },
      { body: '   ' },
      { body: 'x'.repeat(2001) },
      { body: 5 },
      {},
      { body: 'a\u0000' },
    ])
      await call('post', `/lessons/${text.id}/comments`, learner, body).expect(400);
    await call('post', `/lessons/${text.id}/comments`, learner, { body: 'x', lessonId: quiz.id }).expect(400);

    const mine = (await call('post', `/lessons/${text.id}/comments`, learner, { body: '<b>hi</b>' }).expect(201)).body;
    expect(mine).toMatchObject({ lessonId: text.id, authorId: learner.id, body: '<b>hi</b>' });
    const longest = (
      await call('post', `/lessons/${text.id}/comments`, otherLearner, { body: 'y'.repeat(2000) }).expect(201)
    ).body;
    const spam = (await call('post', `/lessons/${text.id}/comments`, otherLearner, { body: 'spam' }).expect(201)).body;
    const first = await call('get', `/lessons/${text.id}/comments?limit=2`, otherLearner).expect(200);
    expect(first.body).toMatchObject({ total: 3, page: 1, limit: 2 });
    const second = await call('get', `/lessons/${text.id}/comments?limit=2&page=2`, otherLearner).expect(200);
    expect([...first.body.items, ...second.body.items].map((c: { id: string }) => c.id)).toEqual([
      mine.id,
      longest.id,
      spam.id,
    ]);

    await call('delete', `/comments/${spam.id}`, learner).expect(403);
    await call('delete', `/comments/${spam.id}`, moderator).expect(204);
    await call('delete', `/comments/${mine.id}`, learner).expect(204);
    await call('delete', `/comments/${mine.id}`, learner).expect(404);

    // A lesson's discussion goes with it.
    await call('delete', `/lessons/${text.id}`, instructor).expect(204);
    await call('get', `/lessons/${text.id}/comments`, learner).expect(404);
    const left = await harness.sql<{ count: string }>('select count(*) from comments where lesson_id = ?', [text.id]);
    expect(Number(left[0].count)).toBe(0);
  });
});
