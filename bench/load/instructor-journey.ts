// An instructor's journey: an account with the instructor role, a course with a text, a video and
// a quiz lesson, a cover through the media pipeline, publish; then what follows from events: the
// cover's thumbnail appears in the catalogue, and progress learns the course (learners may enrol).
import { randomUUID } from 'node:crypto';
import { type AccountDeps, type Session, signIn, signUp } from './accounts';
import type { CourseAnswer, LessonAnswer, SectionAnswer, UserAnswer } from './api-types';
import { coverImage } from './cover-image';
import { COURSE_PLAN, type PlannedLesson, type PublishedCourse, tinyVideo } from './course-plan';
import { expectThat, type JourneyContext, statusText } from './journey-log';
import { pollUntil } from './poll';
import { upload } from './uploads';

/** Filled in as the cover's checks go. */
export interface CoverOutcome {
  courseId: string;
  instructor: string;
  /** From the accepted upload to `coverSmallUrl` in the course; null while (or if never) there. */
  readyMs: number | null;
  /** The small variant really loaded (302 from media, then an image from storage). */
  loaded: boolean;
  detail?: string;
}

export interface InstructorDeps extends AccountDeps {
  readonly runTag: string;
  readonly password: string;
  readonly coverTimeoutMs: number;
  readonly propagationTimeoutMs: number;
  readonly signal: AbortSignal;
  /** Set: every instructor signs in with this existing instructor account instead of signing up. */
  readonly existingAccount?: { readonly email: string; readonly password: string };
  /** Signs the admin in (once per run) to grant new accounts the instructor role. */
  readonly admin: () => Promise<Session>;
  readonly covers: CoverOutcome[];
}

type CourseView = CourseAnswer;
type LessonView = LessonAnswer;

/**
 * Runs instructor `index`'s journey. `onPublished` gets the course as soon as progress knows it
 * (learners waiting for it go on); the journey then ends when the cover is checked.
 */
export async function instructorJourney(
  deps: InstructorDeps,
  index: number,
  onPublished: (course: PublishedCourse) => void,
): Promise<void> {
  const journey: JourneyContext = { kind: 'instructor', name: `instructor ${index + 1}` };
  const { http, log } = deps;
  const session = await instructorSession(deps, journey, index);
  const token = session.accessToken;

  const title = `Load ${deps.runTag} course ${index + 1}`;
  const courseId = await log.step(journey, 'create-course', async () => {
    const response = await http.api<CourseView>('POST', '/api/catalog/courses', {
      token,
      body: { title, description: `Published by the load generator, run ${deps.runTag}.` },
      idempotencyKey: randomUUID(),
    });
    expectThat(response.status === 201 && response.json?.id, statusText('create course', response));
    expectThat(response.json.status === 'draft', `a new course is not a draft: ${response.text}`);
    return response.json.id;
  });

  const lessons: Array<{ id: string; type: PlannedLesson['type'] }> = [];
  const answerKeys = new Map<string, Map<string, string[]>>();
  await log.step(journey, 'build-outline', async () => {
    for (const section of COURSE_PLAN) {
      const created = await http.api<SectionAnswer>('POST', `/api/catalog/courses/${courseId}/sections`, {
        token,
        body: { title: section.title },
        idempotencyKey: randomUUID(),
      });
      expectThat(created.status === 201 && created.json?.id, statusText('add section', created));
      for (const lesson of section.lessons) {
        const body =
          lesson.type === 'video'
            ? {
                type: 'video',
                title: lesson.title,
                mediaId: await upload(http, token, {
                  purpose: 'lesson-video',
                  filename: 'tour.mp4',
                  contentType: 'video/mp4',
                  bytes: tinyVideo(),
                }),
              }
            : lesson;
        const added = await http.api<LessonView>('POST', `/api/catalog/sections/${created.json.id}/lessons`, {
          token,
          body,
          idempotencyKey: randomUUID(),
        });
        expectThat(added.status === 201 && added.json?.id, statusText(`add ${lesson.type} lesson`, added));
        lessons.push({ id: added.json.id, type: lesson.type });
        if (lesson.type === 'quiz') answerKeys.set(added.json.id, answerKey(added.json));
      }
    }
  });

  const coverId = await log.step(journey, 'upload-cover', async () => {
    const mediaId = await upload(http, token, {
      purpose: 'course-cover',
      filename: 'cover.png',
      contentType: 'image/png',
      bytes: await coverImage(index + 1),
    });
    const set = await http.api('PUT', `/api/catalog/courses/${courseId}/cover`, { token, body: { mediaId } });
    expectThat(set.status === 200, statusText('set cover', set));
    return mediaId;
  });
  const coverAccepted = performance.now();

  await log.step(journey, 'publish', async () => {
    // Publishing a published course answers it as it is: safe to send again.
    const response = await http.api<CourseView>('POST', `/api/catalog/courses/${courseId}/publish`, {
      token,
      repeatable: true,
    });
    expectThat(response.status < 300 && response.json?.status === 'published', statusText('publish', response));
  });

  const cover = watchCover(deps, journey, token, courseId, coverId, coverAccepted);
  cover.catch(() => undefined); // awaited below; recorded by its own steps
  await log.step(journey, 'progress-knows-course', () =>
    pollUntil(
      `progress learning of course ${courseId}`,
      async () => {
        // 404 until progress applied catalog.course.published; then 200 (published, enrolled: false).
        const response = await http.api('GET', `/api/progress/courses/${courseId}`, { token });
        return { value: response.status === 404 ? undefined : response.status, seen: String(response.status) };
      },
      { timeoutMs: deps.propagationTimeoutMs, signal: deps.signal },
    ),
  );
  onPublished({ id: courseId, title, lessons, answerKeys });
  await cover;
}

async function instructorSession(deps: InstructorDeps, journey: JourneyContext, index: number): Promise<Session> {
  if (deps.existingAccount) return signIn(deps, journey, deps.existingAccount.email, deps.existingAccount.password);
  const email = `load-${deps.runTag}-instructor-${index + 1}@example.test`;
  const userId = await signUp(deps, journey, email, deps.password);
  await deps.log.step(journey, 'granted-instructor-role', async () => {
    const admin = await deps.admin();
    const response = await deps.http.api<UserAnswer>('PUT', `/api/identity/users/${userId}/roles`, {
      token: admin.accessToken,
      body: { roles: ['learner', 'instructor'] },
    });
    expectThat(
      response.status === 200 && response.json?.roles?.includes('instructor'),
      statusText('grant role', response),
    );
  });
  // Roles are claims of the access token: sign in after the grant.
  return signIn(deps, journey, email, deps.password);
}

/** Waits for the cover's small variant to show in the course, then loads it as a browser does. */
async function watchCover(
  deps: InstructorDeps,
  journey: JourneyContext,
  token: string,
  courseId: string,
  mediaId: string,
  since: number,
): Promise<void> {
  const { http, log } = deps;
  const outcome: CoverOutcome = {
    courseId,
    instructor: journey.name,
    readyMs: null,
    loaded: false,
  };
  deps.covers.push(outcome);
  const noting = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      outcome.detail = error instanceof Error ? error.message : String(error);
      throw error;
    }
  };
  const smallUrl = await log.step(journey, 'cover-ready', () =>
    noting(() =>
      pollUntil(
        `the small cover of course ${courseId} (media ${mediaId}) after its upload`,
        async () => {
          const response = await http.api<CourseView>('GET', `/api/catalog/courses/${courseId}`, { token });
          return { value: response.json?.coverSmallUrl ?? undefined, seen: `${response.status}, coverSmallUrl null` };
        },
        {
          timeoutMs: Math.max(0, deps.coverTimeoutMs - (performance.now() - since)),
          budgetMs: deps.coverTimeoutMs,
          signal: deps.signal,
        },
      ),
    ),
  );
  outcome.readyMs = performance.now() - since;
  await log.step(journey, 'cover-loads', () =>
    noting(async () => {
      // Public once media has applied catalog's word that the course is published (an event, so
      // possibly a moment after catalog shows the cover): polled within what is left of the timeout.
      const location = await pollUntil(
        `the small cover of course ${courseId} to be public`,
        async () => {
          const redirect = await http.api('GET', smallUrl);
          const target = redirect.status === 302 ? redirect.headers.get('location') : null;
          return { value: target ?? undefined, seen: statusText(`GET ${smallUrl}`, redirect) };
        },
        {
          timeoutMs: Math.max(0, deps.coverTimeoutMs - (performance.now() - since)),
          budgetMs: deps.coverTimeoutMs,
          signal: deps.signal,
        },
      );
      const image = await http.storage('GET', new URL(location, http.baseUrl).toString());
      const bytes = (await image.arrayBuffer()).byteLength;
      expectThat(
        image.ok && image.headers.get('content-type')?.startsWith('image/') && bytes > 0,
        `small cover from storage → ${image.status} ${image.headers.get('content-type')} ${bytes} bytes`,
      );
    }),
  );
  outcome.loaded = true;
}

/** question id → correct choice ids, from the editor's view of the quiz (editors see `correct`). */
function answerKey(lesson: LessonView): Map<string, string[]> {
  const key = new Map<string, string[]>();
  for (const question of lesson.questions ?? []) {
    key.set(
      question.id,
      question.choices.filter((choice) => choice.correct).map((choice) => choice.id),
    );
  }
  expectThat(key.size > 0 && [...key.values()].every((ids) => ids.length > 0), 'the quiz came back without answers');
  return key;
}
