import { randomUUID } from 'node:crypto';
import { API, as, CatalogHarness } from './catalog-harness';

describe('catalog: captions of video lessons (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let harness: CatalogHarness;
  const http = () => harness.http();

  beforeAll(async () => {
    harness = await CatalogHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('lets the instructor attach, replace and remove WebVTT captions of a video lesson, shown to learners', async () => {
    const { instructor, learner, otherInstructor } = harness.users;
    const { course, section, text } = await harness.courseWithLessons();
    const [mediaId, captionsMediaId, replacement] = [randomUUID(), randomUUID(), randomUUID()];
    const video = (
      await http()
        .post(`${API}/sections/${section.id}/lessons`)
        .set(as(instructor))
        .send({ type: 'video', title: 'Watch', mediaId, captionsMediaId })
        .expect(201)
    ).body;
    expect(video).toMatchObject({ type: 'video', mediaId, captionsMediaId });
    await harness.publishCourse(course.id);
    expect((await http().get(`${API}/lessons/${video.id}`).set(as(learner)).expect(200)).body).toMatchObject({
      mediaId,
      captionsMediaId,
    });

    const patch = (body: object, caller = instructor) =>
      http().patch(`${API}/lessons/${video.id}`).set(as(caller)).send(body);
    expect((await patch({ captionsMediaId: replacement }).expect(200)).body.captionsMediaId).toBe(replacement);
    await patch({ captionsMediaId: randomUUID() }, otherInstructor).expect(403);
    await patch({ captionsMediaId: randomUUID() }, learner).expect(403);
    expect((await patch({ captionsMediaId: 'captions.vtt' }).expect(400)).body.message).toBe(
      'captionsMediaId must be a uuid or null',
    );
    // Other fields leave the captions alone; null removes them.
    expect((await patch({ title: 'Watch this' }).expect(200)).body.captionsMediaId).toBe(replacement);
    expect((await patch({ captionsMediaId: null }).expect(200)).body.captionsMediaId).toBeNull();

    const onText = await http()
      .patch(`${API}/lessons/${text.id}`)
      .set(as(instructor))
      .send({ captionsMediaId: randomUUID() })
      .expect(400);
    expect(onText.body.message).toMatch(/captionsMediaId applies to video lessons only/);
    await http()
      .post(`${API}/sections/${section.id}/lessons`)
      .set(as(instructor))
      .send({ type: 'text', title: 'T', content: 'x', captionsMediaId: randomUUID() })
      .expect(400);

    // Media learns which captions a lesson uses from the lesson events, as it does for videos.
    const events = (await harness.outbox(course.id)).filter((row) => row.type === 'catalog.lesson.changed');
    expect(events.map((row) => (row.payload as { captionsMediaId?: string | null }).captionsMediaId)).toEqual([
      replacement,
      replacement,
      null,
    ]);
  });
});
