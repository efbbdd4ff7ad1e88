import {
  type CourseOutlineSnapshot,
  isQuizReviewPolicy,
  LESSON_TYPES,
  QUIZ_DEFAULTS,
  type LessonSnapshot,
  type QuizAnswerKey,
  type SectionSnapshot,
} from '@platform/contracts';
import { InvalidEventError } from '@platform/messaging';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
const isWhole = (value: unknown, min = 0): value is number => Number.isInteger(value) && (value as number) >= min;

function fail(problem: string): never {
  throw new InvalidEventError(`invalid course snapshot: ${problem}`);
}

/**
 * A quiz's rules left out (an event of a catalog older than them) take QUIZ_DEFAULTS, as catalog's
 * migration gave its stored quizzes; present ones must be well-formed.
 */
function quizKey(value: unknown, where: string): QuizAnswerKey {
  if (!isObject(value)) fail(`${where}: a quiz lesson needs its answer key`);
  const { passPercent, maxAttempts, review, allowRetakeAfterPass, questions } = value;
  if (!isWhole(passPercent) || passPercent > 100) fail(`${where}: passPercent must be 0..100`);
  if (maxAttempts !== null && maxAttempts !== undefined && !isWhole(maxAttempts, 1))
    fail(`${where}: maxAttempts must be a positive whole number`);
  if (review !== undefined && !isQuizReviewPolicy(review)) fail(`${where}: unknown review setting`);
  if (allowRetakeAfterPass !== undefined && typeof allowRetakeAfterPass !== 'boolean')
    fail(`${where}: allowRetakeAfterPass must be true or false`);
  if (!Array.isArray(questions)) fail(`${where}: questions must be an array`);
  const seen = new Set<string>();
  return {
    passPercent,
    maxAttempts: (maxAttempts as number | null | undefined) ?? QUIZ_DEFAULTS.maxAttempts,
    review: review ?? QUIZ_DEFAULTS.review,
    allowRetakeAfterPass: allowRetakeAfterPass ?? QUIZ_DEFAULTS.allowRetakeAfterPass,
    questions: questions.map((question: unknown, index) => {
      if (!isObject(question)) fail(`${where}: question ${index} is not an object`);
      const { questionId, choiceIds, correctChoiceIds, explanation } = question;
      if (!isUuid(questionId) || seen.has(questionId)) fail(`${where}: question ${index} needs a unique uuid`);
      seen.add(questionId);
      if (!Array.isArray(choiceIds) || !choiceIds.every(isUuid)) fail(`${where}: choiceIds must be uuids`);
      if (!Array.isArray(correctChoiceIds) || !correctChoiceIds.every((id) => choiceIds.includes(id)))
        fail(`${where}: correctChoiceIds must be among choiceIds`);
      if (explanation !== undefined && explanation !== null && typeof explanation !== 'string')
        fail(`${where}: question ${index}: explanation must be a string`);
      return {
        questionId,
        choiceIds: [...choiceIds],
        correctChoiceIds: [...correctChoiceIds] as string[],
        explanation: explanation ?? null,
      };
    }),
  };
}

/**
 * Checks an outline snapshot before it replaces the read model: a malformed one can never be
 * applied, so it goes to the dead-letter queue at once instead of being retried.
 */
export function parseSnapshot(payload: unknown): CourseOutlineSnapshot {
  if (!isObject(payload)) fail('payload is not an object');
  const { courseId, revision, title, sections } = payload;
  if (!isUuid(courseId)) fail('courseId must be a uuid');
  if (!isWhole(revision, 1)) fail('revision must be a positive whole number');
  if (typeof title !== 'string') fail('title must be a string');
  if (!Array.isArray(sections)) fail('sections must be an array');
  const ids = new Set<string>();
  const unique = (id: unknown, what: string): string => {
    if (!isUuid(id) || ids.has(id)) fail(`${what} ids must be unique uuids`);
    ids.add(id);
    return id;
  };
  const parsedSections: SectionSnapshot[] = sections.map((section: unknown, s): SectionSnapshot => {
    if (!isObject(section)) fail(`section ${s} is not an object`);
    if (!isWhole(section.position)) fail(`section ${s}: position must be a whole number`);
    if (!Array.isArray(section.lessons)) fail(`section ${s}: lessons must be an array`);
    const sectionId = unique(section.sectionId, 'section');
    const lessons = section.lessons.map((lesson: unknown, l): LessonSnapshot => {
      const where = `section ${s} lesson ${l}`;
      if (!isObject(lesson)) fail(`${where} is not an object`);
      if (!LESSON_TYPES.includes(lesson.type as never)) fail(`${where}: unknown type`);
      if (!isWhole(lesson.position)) fail(`${where}: position must be a whole number`);
      const type = lesson.type as LessonSnapshot['type'];
      return {
        lessonId: unique(lesson.lessonId, 'lesson'),
        type,
        title: typeof lesson.title === 'string' ? lesson.title : '',
        position: lesson.position,
        ...(type === 'quiz' ? { quiz: quizKey(lesson.quiz, where) } : {}),
      };
    });
    return {
      sectionId,
      title: typeof section.title === 'string' ? section.title : '',
      position: section.position,
      lessons,
    };
  });
  return {
    courseId,
    revision,
    title: title.slice(0, 200),
    slug: typeof payload.slug === 'string' ? payload.slug : '',
    instructorId: typeof payload.instructorId === 'string' ? payload.instructorId : '',
    sections: parsedSections,
  };
}

/** `unpublished` and `deleted` carry the course and the revision of that change. */
export function parseWithdrawal(payload: unknown): { courseId: string; revision: number } {
  if (!isObject(payload) || !isUuid(payload.courseId) || !isWhole(payload.revision, 1))
    throw new InvalidEventError('course withdrawal needs a uuid courseId and a positive revision');
  return { courseId: payload.courseId, revision: payload.revision };
}
