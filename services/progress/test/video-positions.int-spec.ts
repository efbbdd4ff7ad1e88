import { randomUUID } from 'node:crypto';
import { API, as, type Caller, oneSection, ProgressHarness } from './progress-harness';

describe('progress: resume positions and completion by watching (real PostgreSQL, RabbitMQ, HTTP)', () => {
  let harness: ProgressHarness;
  const http = () => harness.http();
  const position = (lessonId: string) => `${API}/lessons/${lessonId}/position`;
  const report = (caller: Caller, lessonId: string, body: object) =>
    http().put(position(lessonId)).set(as(caller)).send(body);

  /** As if the learner's previous report had been sent `seconds` earlier: playback takes real time. */
  const rewindClock = (caller: Caller, lessonId: string, seconds: number) =>
    harness.sql(
      `update video_positions set reported_at = reported_at - make_interval(secs => ?) where user_id = ? and lesson_id = ?`,
      [seconds, caller.id, lessonId],
    );

  /** A published course of a video lesson and a text lesson, with an enrolled learner. */
  async function videoCourse(): Promise<{ learner: Caller; video: string; text: string; courseId: string }> {
    const [video, text] = [randomUUID(), randomUUID()];
    const courseId = await harness.publishCourse(oneSection([{ videoLessonId: video }, text]));
    const learner = await harness.learner();
    await harness.enrol(learner, courseId);
    return { learner, video, text, courseId };
  }

  beforeAll(async () => {
    harness = await ProgressHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('keeps each learner’s own position: 0 before the first report, then where they stopped', async () => {
    const { learner, video, courseId } = await videoCourse();
    expect((await http().get(position(video)).set(as(learner)).expect(200)).body).toEqual({
      lessonId: video,
      courseId,
      position: 0,
      duration: null,
      watchedPercent: 0,
      completed: false,
    });
    await report(learner, video, { position: 42.5, duration: 120 }).expect(200);
    expect((await http().get(position(video)).set(as(learner)).expect(200)).body).toMatchObject({
      position: 42.5,
      duration: 120,
    });

    // Another enrolled learner has a position of their own and cannot move the first one's.
    const other = await harness.learner();
    await harness.enrol(other, courseId);
    expect((await http().get(position(video)).set(as(other)).expect(200)).body).toMatchObject({ position: 0 });
    await report(other, video, { position: 7, duration: 120 }).expect(200);
    expect((await http().get(position(video)).set(as(learner)).expect(200)).body).toMatchObject({ position: 42.5 });
    expect((await http().get(position(video)).set(as(other)).expect(200)).body).toMatchObject({ position: 7 });
  });

  it('refuses strangers, anonymous callers, unknown lessons and lessons that are not videos', async () => {
    const { video, text } = await videoCourse();
    const stranger = await harness.learner();
    await http().get(position(video)).expect(401);
    await http().put(position(video)).send({ position: 1, duration: 10 }).expect(401);
    await http().get(position(video)).set(as(stranger)).expect(403);
    await report(stranger, video, { position: 1, duration: 10 }).expect(403);
    await http().get(position(randomUUID())).set(as(stranger)).expect(404);
    await http().get(position('not-a-uuid')).set(as(stranger)).expect(400);
    const { learner } = await videoCourse();
    const notVideo = await report(learner, text, { position: 1, duration: 10 });
    // The learner is not enrolled in the first course's text lesson: 403; in their own course's it is a 400.
    expect(notVideo.status).toBe(403);
    const own = await videoCourse();
    const refused = await report(own.learner, own.text, { position: 1, duration: 10 }).expect(400);
    expect(refused.body.message).toMatch(/video lessons only/);
  });

  it('answers 400 naming the problem for positions and durations out of bounds', async () => {
    const { learner, video } = await videoCourse();
    const cases: Array<[object, RegExp]> = [
      [{ position: -1, duration: 60 }, /position must not be negative/],
      [{ position: 61.5, duration: 60 }, /beyond the end/],
      [{ position: 1, duration: 0 }, /duration must be at least/],
      [{ position: 1, duration: 86_401 }, /duration must be at most/],
      [{ position: 90_000, duration: 60 }, /position must be at most/],
      [{ position: '12', duration: 60 }, /position must be a number/],
      [{ position: 1 }, /duration must be a number/],
      [{ position: 1, duration: 60, completed: true }, /completed should not exist/],
    ];
    for (const [body, message] of cases) {
      const answer = await report(learner, video, body).expect(400);
      expect(JSON.stringify(answer.body.message)).toMatch(message);
    }
    const huge = await http()
      .put(position(video))
      .set(as(learner))
      .set('content-type', 'application/json')
      .send('{"position": 1e400, "duration": 60}')
      .expect(400);
    expect(huge.body.statusCode).toBe(400);
    // A position a little past the end (the player's rounding) is kept at the end.
    expect((await report(learner, video, { position: 60.4, duration: 60 }).expect(200)).body.position).toBe(60);
  });

  it('completes the lesson once 90 % was watched at a plausible pace, never by a jump to the end', async () => {
    const { learner, video, courseId } = await videoCourse();
    await report(learner, video, { position: 0, duration: 100 }).expect(200);
    // A seek to the end right away: the position moves, nothing counts as watched.
    const jumped = await report(learner, video, { position: 100, duration: 100 }).expect(200);
    expect(jumped.body).toMatchObject({ position: 100, watchedPercent: 0, completed: false });

    // Back to the start, then playback reported every 30 s of (rewound) wall-clock time.
    await report(learner, video, { position: 0, duration: 100 }).expect(200);
    let last;
    for (const at of [30, 60, 89]) {
      await rewindClock(learner, video, 30);
      last = (await report(learner, video, { position: at, duration: 100 }).expect(200)).body;
    }
    expect(last).toMatchObject({ watchedPercent: 89, completed: false });
    const figure = await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200);
    expect(figure.body).toMatchObject({ completedLessons: 0 });

    // Faster than 2× playback is not credited either.
    await rewindClock(learner, video, 1);
    const tooFast = (await report(learner, video, { position: 99, duration: 100 }).expect(200)).body;
    expect(tooFast).toMatchObject({ watchedPercent: 89, completed: false });

    await report(learner, video, { position: 89, duration: 100 }).expect(200);
    await rewindClock(learner, video, 5);
    const done = (await report(learner, video, { position: 94, duration: 100 }).expect(200)).body;
    expect(done).toMatchObject({ watchedPercent: 94, completed: true });
    const after = await http().get(`${API}/courses/${courseId}`).set(as(learner)).expect(200);
    expect(after.body).toMatchObject({ completedLessons: 1, totalLessons: 2, percent: 50 });

    // Watching on after completion keeps it complete (idempotent), and keeps the position.
    await rewindClock(learner, video, 5);
    expect((await report(learner, video, { position: 99, duration: 100 }).expect(200)).body).toMatchObject({
      completed: true,
      position: 99,
    });
    const [{ count }] = await harness.sql<{ count: string }>(
      'select count(*) from completions where user_id = ? and lesson_id = ?',
      [learner.id, video],
    );
    expect(Number(count)).toBe(1);
  });

  it('still completes a video by the button, and shows that as completed', async () => {
    const { learner, video } = await videoCourse();
    await http().post(`${API}/lessons/${video}/complete`).set(as(learner)).expect(200);
    expect((await http().get(position(video)).set(as(learner)).expect(200)).body).toMatchObject({ completed: true });
  });
});
