import { randomUUID } from 'node:crypto';
import { API, as, type Caller, CatalogHarness, QUIZ } from './catalog-harness';

describe('catalog: creates with an Idempotency-Key (real PostgreSQL, HTTP)', () => {
  let harness: CatalogHarness;

  beforeAll(async () => {
    harness = await CatalogHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const post = (path: string, caller: Caller, body: object, key?: string) => {
    const req = harness.http().post(`${API}${path}`).set(as(caller));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const count = async (table: string, column: string, value: string): Promise<number> =>
    Number((await harness.sql<{ n: string }>(`select count(*) as n from ${table} where ${column} = ?`, [value]))[0].n);

  it('replays the first answer to a retried course create, with one course written', async () => {
    const { instructor } = harness.users;
    const key = randomUUID();
    const title = `Retried ${randomUUID()}`;
    const first = await post('/courses', instructor, { title, description: 'Once' }, key).expect(201);
    const recorded = await harness.outbox(first.body.id);
    const retry = await post('/courses', instructor, { description: 'Once', title }, key).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('courses', 'title', title)).toBe(1);
    expect(await harness.outbox(first.body.id)).toEqual(recorded);
    // Written in the course's own transaction, so a replica killed after its commit still has the answer.
    const [course] = await harness.sql<{ xmin: string }>('select xmin from courses where id = ?', [first.body.id]);
    const [record] = await harness.sql<{ xmin: string }>('select xmin from idempotency_record where key = ?', [key]);
    expect(record.xmin).toBe(course.xmin);
  });

  it('refuses the same key with another body (422) and a malformed key (400), naming the header', async () => {
    const { instructor } = harness.users;
    const key = randomUUID();
    await post('/courses', instructor, { title: `One ${randomUUID()}` }, key).expect(201);
    const other = await post('/courses', instructor, { title: `Two ${randomUUID()}` }, key).expect(422);
    expect(other.body).toMatchObject({ statusCode: 422, message: expect.stringContaining('Idempotency-Key') });
    const bad = await post('/courses', instructor, { title: `Bad ${randomUUID()}` }, 'not a key!').expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('Idempotency-Key') });
  });

  it("keeps another user's same key independent, and a course create without a key as before", async () => {
    const { instructor, otherInstructor } = harness.users;
    const key = randomUUID();
    const title = `Shared key ${randomUUID()}`;
    const mine = await post('/courses', instructor, { title }, key).expect(201);
    const theirs = await post('/courses', otherInstructor, { title }, key).expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    await post('/courses', instructor, { title }).expect(201);
    await post('/courses', instructor, { title }).expect(201);
    expect(await count('courses', 'title', title)).toBe(4);
  });

  it('answers 409 while a request with the key is still being processed', async () => {
    const { instructor } = harness.users;
    const key = randomUUID();
    const route = `POST ${API}/courses`;
    await harness.catalog.orm.em.fork().transactional(async (em) => {
      // Holds the lock a request with this key would hold while running.
      await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`${instructor.id} ${route} ${key}`]);
      const busy = await post('/courses', instructor, { title: `Busy ${randomUUID()}` }, key).expect(409);
      expect(busy.body).toMatchObject({ statusCode: 409, message: expect.stringContaining('Idempotency-Key') });
    });
  });

  it('replays retried section and lesson (quiz) creates, with one row each', async () => {
    const { instructor } = harness.users;
    const course = (await post('/courses', instructor, { title: `Outline ${randomUUID()}` }).expect(201)).body;
    const sectionKey = randomUUID();
    const section = await post(`/courses/${course.id}/sections`, instructor, { title: 'One' }, sectionKey).expect(201);
    const again = await post(`/courses/${course.id}/sections`, instructor, { title: 'One' }, sectionKey).expect(201);
    expect(again.body.id).toBe(section.body.id);
    expect(await count('sections', 'course_id', course.id)).toBe(1);

    const lessonKey = randomUUID();
    const quiz = await post(`/sections/${section.body.id}/lessons`, instructor, QUIZ, lessonKey).expect(201);
    const retried = await post(`/sections/${section.body.id}/lessons`, instructor, QUIZ, lessonKey).expect(201);
    expect(retried.body).toEqual(quiz.body);
    expect(await count('lessons', 'section_id', section.body.id)).toBe(1);
  });

  it('forgets a key after 24 hours', async () => {
    const { instructor } = harness.users;
    const key = randomUUID();
    const title = `Expired ${randomUUID()}`;
    const first = await post('/courses', instructor, { title }, key).expect(201);
    await harness.sql(`update idempotency_record set created_at = now() - interval '25 hours' where key = ?`, [key]);
    const later = await post('/courses', instructor, { title }, key).expect(201);
    expect(later.body.id).not.toBe(first.body.id);
  });
});
