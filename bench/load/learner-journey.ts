// A learner's journey: sign up (confirmed from the mail catcher), find one of the load's published
// courses in the catalogue, enrol, read and complete every lesson, pass the quiz, and read the
// progress figure at the end (which the invariants then judge).
import { type AccountDeps, signIn, signUp } from './accounts';
import type {
  AttemptAnswer,
  CourseAnswer,
  CoursePageAnswer,
  CourseProgressAnswer,
  EnrollmentPageAnswer,
  LessonAnswer,
} from './api-types';
import type { PublishedCourse } from './course-plan';
import { expectThat, type JourneyContext, statusText } from './journey-log';

/** What the learner saw at the end of the journey. */
export interface ProgressOutcome {
  readonly learner: string;
  readonly courseId: string;
  /** Lessons the course was published with (the instructors' plan). */
  readonly expectedLessons: number;
  readonly percent: number | null;
  readonly completedLessons: number | null;
  readonly totalLessons: number | null;
  /** Every lesson of every section flagged `completed` in the same answer. */
  readonly everyLessonCompleted: boolean;
  /** The enrolment in `GET /api/progress/enrollments`: its percent and whether `completedAt` is set. */
  readonly enrolmentPercent: number | null;
  readonly enrolmentCompleted: boolean;
}

export interface LearnerDeps extends AccountDeps {
  readonly runTag: string;
  readonly password: string;
  readonly progress: ProgressOutcome[];
}

type LessonView = LessonAnswer;
type CourseProgress = CourseProgressAnswer;

export async function learnerJourney(
  deps: LearnerDeps,
  index: number,
  course: Promise<PublishedCourse>,
): Promise<void> {
  const journey: JourneyContext = { kind: 'learner', name: `learner ${index + 1}` };
  const { http, log } = deps;
  const email = `load-${deps.runTag}-learner-${index + 1}@example.test`;
  await signUp(deps, journey, email, deps.password);
  const { accessToken: token } = await signIn(deps, journey, email, deps.password);

  const published = await log.step(journey, 'wait-for-course', () => course);
  await log.step(journey, 'find-course', async () => {
    const listing = await http.api<CoursePageAnswer>(
      'GET',
      `/api/catalog/courses?search=${encodeURIComponent(deps.runTag)}&page=1&limit=100`,
      { token },
    );
    expectThat(listing.status === 200 && Array.isArray(listing.json?.items), statusText('catalogue search', listing));
    expectThat(
      listing.json.items.some((item) => item.id === published.id),
      `"${published.title}" is published but not in the catalogue's search for ${deps.runTag}`,
    );
    const outline = await http.api<CourseAnswer>('GET', `/api/catalog/courses/${published.id}`, { token });
    const lessons = (outline.json?.sections ?? []).reduce((sum, section) => sum + (section.lessons?.length ?? 0), 0);
    expectThat(
      outline.status === 200 && lessons === published.lessons.length,
      `course outline has ${lessons} lessons, ${published.lessons.length} published: ${outline.text}`,
    );
  });

  await log.step(journey, 'enrol', async () => {
    // Enrolling is once per learner and course: after a lost answer, the retry's 409 says the first one took.
    const response = await http.api('POST', '/api/progress/enrollments', {
      token,
      body: { courseId: published.id },
      repeatable: true,
    });
    expectThat(response.status === 201 || (response.retried && response.status === 409), statusText('enrol', response));
  });

  for (const lesson of published.lessons) {
    const view = await log.step(journey, 'read-lesson', async () => {
      const response = await http.api<LessonView>('GET', `/api/catalog/lessons/${lesson.id}`, { token });
      expectThat(response.status === 200 && response.json?.id === lesson.id, statusText('read lesson', response));
      return response.json;
    });
    if (lesson.type === 'quiz') {
      await log.step(journey, 'pass-quiz', async () => {
        const key = published.answerKeys.get(lesson.id);
        expectThat(key, `no answer key for quiz ${lesson.id}`);
        expectThat(
          (view.questions ?? []).every((question) => question.choices.every((choice) => !('correct' in choice))),
          `a learner sees the answers of quiz ${lesson.id}`,
        );
        const answers = (view.questions ?? []).map((question) => ({
          questionId: question.id,
          choiceIds: key.get(question.id) ?? [],
        }));
        const attempt = await http.api<AttemptAnswer>(
          'POST',
          `/api/progress/quizzes/${lesson.id}/attempts`,
          // One key per learner and quiz: a retry after a lost answer gets the first attempt's result.
          { token, body: { answers }, idempotencyKey: `${deps.runTag}:${index}:${lesson.id}` },
        );
        expectThat(
          attempt.status === 201 && attempt.json?.passed === true && attempt.json.score === 100,
          statusText('quiz attempt with the right answers', attempt),
        );
      });
    } else {
      await log.step(journey, 'complete-lesson', async () => {
        // Idempotent by contract: completing twice counts once.
        const response = await http.api('POST', `/api/progress/lessons/${lesson.id}/complete`, {
          token,
          repeatable: true,
        });
        expectThat(response.status === 200, statusText(`complete ${lesson.type} lesson`, response));
      });
    }
  }

  await log.step(journey, 'read-progress', async () => {
    const response = await http.api<CourseProgress>('GET', `/api/progress/courses/${published.id}`, { token });
    expectThat(response.status === 200, statusText('course progress', response));
    const enrolments = await http.api<EnrollmentPageAnswer>('GET', '/api/progress/enrollments?page=1&limit=100', {
      token,
    });
    expectThat(enrolments.status === 200, statusText('enrolments', enrolments));
    const enrolment = enrolments.json?.items?.find((item) => item.courseId === published.id);
    const lessons = (response.json.sections ?? []).flatMap((section) => section.lessons ?? []);
    deps.progress.push({
      learner: journey.name,
      courseId: published.id,
      expectedLessons: published.lessons.length,
      percent: response.json.percent ?? null,
      completedLessons: response.json.completedLessons ?? null,
      totalLessons: response.json.totalLessons ?? null,
      everyLessonCompleted: lessons.length > 0 && lessons.every((lesson) => lesson.completed),
      enrolmentPercent: enrolment?.percent ?? null,
      enrolmentCompleted: !!enrolment?.completedAt,
    });
  });
}
