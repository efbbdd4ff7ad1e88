import { randomUUID } from 'node:crypto';
import { API, as, type Caller, CatalogHarness } from './catalog-harness';

interface Listed {
  id: string;
  title: string;
  category: string | null;
  instructorName: string;
  lessonCount: number;
  estimatedMinutes: number;
}

describe('the public catalogue: search, categories, sort and cards (real PostgreSQL)', () => {
  let harness: CatalogHarness;
  let users: CatalogHarness['users'];
  const http = () => harness.http();
  // Unique to this run, so courses of other tests (same database) never match.
  const tag = `q${randomUUID().replace(/-/g, '').slice(0, 10)}`;

  beforeAll(async () => {
    harness = await CatalogHarness.start();
    users = harness.users;
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** A published course with one text lesson of `words` words (and a quiz of `questions` questions). */
  async function publishedCourse(
    title: string,
    description: string,
    options: { owner?: Caller; category?: string; words?: number; questions?: number } = {},
  ): Promise<Listed> {
    const owner = options.owner ?? users.instructor;
    const course = (
      await http()
        .post(`${API}/courses`)
        .set(as(owner))
        .send({ title, description, ...(options.category ? { category: options.category } : {}) })
        .expect(201)
    ).body;
    const section = (
      await http().post(`${API}/courses/${course.id}/sections`).set(as(owner)).send({ title: 'S' }).expect(201)
    ).body;
    await http()
      .post(`${API}/sections/${section.id}/lessons`)
      .set(as(owner))
      .send({ type: 'text', title: 'Read', content: 'word '.repeat(options.words ?? 10) })
      .expect(201);
    if (options.questions) {
      const question = {
        prompt: 'p',
        choices: [
          { text: 'a', correct: true },
          { text: 'b', correct: false },
        ],
      };
      await http()
        .post(`${API}/sections/${section.id}/lessons`)
        .set(as(owner))
        .send({ type: 'quiz', title: 'Q', passPercent: 50, questions: Array(options.questions).fill(question) })
        .expect(201);
    }
    await harness.publishCourse(course.id, owner);
    return course;
  }

  const search = async (query: string): Promise<{ total: number; items: Listed[] }> =>
    (await http().get(`${API}/courses?limit=100&${query}`).expect(200)).body;
  const titles = async (query: string): Promise<string[]> => (await search(query)).items.map((c) => c.title);

  it('finds partial words, typos and description words, title matches first, every word required', async () => {
    await publishedCourse(`Kubernetes for developers ${tag}`, 'Pods and Deployments', { category: 'cloud-devops' });
    await publishedCourse(`PostgreSQL tuning ${tag}`, 'Indexes, query plans and vacuum', {
      category: 'data-databases',
    });
    await publishedCourse(`Shipping services ${tag}`, 'Containers on a kubernetes cluster, step by step');

    // Before: whole words only, so `kube` and `postgre` found nothing.
    expect(await titles(`search=kube%20${tag}`)).toEqual([
      `Kubernetes for developers ${tag}`,
      `Shipping services ${tag}`,
    ]);
    expect(await titles(`search=postgre%20${tag}`)).toEqual([`PostgreSQL tuning ${tag}`]);
    expect(await titles(`search=kubernets%20${tag}`)).toEqual([
      `Kubernetes for developers ${tag}`,
      `Shipping services ${tag}`,
    ]);
    expect(await titles(`search=vacuum%20${tag}`)).toEqual([`PostgreSQL tuning ${tag}`]);
    expect(await titles(`search=KUBE%20${tag}&sort=title`)).toEqual([
      `Kubernetes for developers ${tag}`,
      `Shipping services ${tag}`,
    ]);
    expect((await search(`search=kube%20${tag}%20zzqqxxnothing`)).total).toBe(0);
  });

  it('treats whatever a visitor types as words, never as query syntax', async () => {
    for (const hostile of ["' or 1=1 --", 'kube:* | a', '!!! && ((', '\\', '"', '%', '<->', 'a'.repeat(200)]) {
      const response = await http().get(`${API}/courses`).query({ search: hostile }).expect(200);
      expect(response.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    }
  });

  it('filters by category, sorts by title or newest, and refuses unknown values', async () => {
    // A tag of its own: a similar one (say `${tag}x`) would match this one's courses as a typo.
    const category = `c${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const zeta = await publishedCourse(`Zeta security ${category}`, 'x', { category: 'security' });
    const alpha = await publishedCourse(`alpha security ${category}`, 'x', { category: 'security' });
    await publishedCourse(`Beta programming ${category}`, 'x', { category: 'programming' });

    const secure = await search(`category=security&search=${category}`);
    expect(secure.items.map((c) => c.id).sort()).toEqual([zeta.id, alpha.id].sort());
    expect(secure.items.every((c) => c.category === 'security')).toBe(true);
    expect(await titles(`search=${category}&sort=title`)).toEqual([
      `alpha security ${category}`,
      `Beta programming ${category}`,
      `Zeta security ${category}`,
    ]);
    expect(await titles(`search=${category}&sort=newest`)).toEqual([
      `Beta programming ${category}`,
      `alpha security ${category}`,
      `Zeta security ${category}`,
    ]);

    for (const bad of ['category=cooking', 'category=security&category=other', 'sort=price', 'sort=']) {
      const response = await http().get(`${API}/courses?${bad}`).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    }
    await http().post(`${API}/courses`).set(as(users.instructor)).send({ title: 't', category: 'cooking' }).expect(400);
    await http().post(`${API}/courses`).set(as(users.instructor)).send({ title: 't', category: null }).expect(400);
    // An instructor changes the category, or removes it.
    const changed = await http()
      .patch(`${API}/courses/${zeta.id}`)
      .set(as(users.instructor))
      .send({ category: 'other' })
      .expect(200);
    expect(changed.body.category).toBe('other');
    const cleared = await http()
      .patch(`${API}/courses/${zeta.id}`)
      .set(as(users.instructor))
      .send({ category: null })
      .expect(200);
    expect(cleared.body.category).toBeNull();
    await http()
      .patch(`${API}/courses/${zeta.id}`)
      .set(as(users.otherInstructor))
      .send({ category: 'security' })
      .expect(403);
  });

  it('shows the instructor, the number of lessons and the estimated length on every card', async () => {
    const title = `Card figures ${tag}`;
    // 500 words (2.5 min) and 3 quiz questions (3 min): 6 minutes, rounded up.
    const course = await publishedCourse(title, 'figures', { words: 500, questions: 3 });
    const [card] = (await search(`search=${encodeURIComponent(title)}`)).items;
    expect(card).toMatchObject({
      id: course.id,
      instructorName: users.instructor.displayName,
      lessonCount: 2,
      estimatedMinutes: 6,
    });
    // The figures follow the outline.
    const outline = (await http().get(`${API}/courses/${course.id}`).set(as(users.instructor)).expect(200)).body;
    await http().delete(`${API}/lessons/${outline.sections[0].lessons[1].id}`).set(as(users.instructor)).expect(204);
    const [after] = (await search(`search=${encodeURIComponent(title)}`)).items;
    expect(after).toMatchObject({ lessonCount: 1, estimatedMinutes: 3 });
  });

  it('does not list a published course without lessons (left from before a course needed one)', async () => {
    const title = `Empty published ${tag}`;
    await harness.sql(
      `insert into courses (id, title, slug, description, status, instructor_id, revision, published_at, created_at)
       values (?, ?, ?, '', 'published', ?, 2, now(), now())`,
      [randomUUID(), title, `empty-${tag}`, users.instructor.id],
    );
    expect((await search(`search=${encodeURIComponent(title)}`)).total).toBe(0);
    expect((await search('')).items.map((c) => c.title)).not.toContain(title);
  });

  it('uses GIN indexes for both kinds of match', async () => {
    const indexes = await harness.sql<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where tablename = 'courses' and indexdef ilike '%using gin%'`,
    );
    expect(indexes.map((index) => index.indexname).sort()).toEqual([
      'courses_search_trigram_idx',
      'courses_search_vector_idx',
    ]);
    expect(indexes.find((index) => index.indexname === 'courses_search_trigram_idx')!.indexdef).toContain(
      'gin_trgm_ops',
    );
  });
});
