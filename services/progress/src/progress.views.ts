import { QUIZ_REVIEW_POLICIES } from '@platform/contracts';
import { answerExample, answerFields, answerSchema, namedPageSchema, pageSchema } from '@platform/service-kit';
import { z } from 'zod';
import { COURSE_STATUSES } from './read-model/course-model.entity';

// The answers of progress's operations: each view's TypeScript type is z.infer of its schema here,
// and the same schema is the OpenAPI document's component.

const COURSE_ID = '7b1e4c2a-5d3f-4e8a-9b6c-0a1d2e3f4a5b';
const LESSON_ID = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';
const QUIZ_ID = '8e9f0a1b-2c3d-4e5f-8a6b-7c8d9e0f1a2b';
const percent = () => z.int().min(0).max(100);
const share = () => z.number().min(0).max(1);
const courseStatus = () =>
  z.enum(COURSE_STATUSES).meta({ description: '`published`, or what became of the course since.' });

const figures = {
  completedLessons: answerFields.count(),
  totalLessons: answerFields.count(),
  percent: percent(),
};

export const EnrollmentViewSchema = answerSchema(
  'EnrollmentView',
  z.object({
    courseId: answerFields.id(),
    title: z.string(),
    courseStatus: courseStatus(),
    enrolledAt: answerFields.timestamp(),
    completedAt: answerFields
      .timestamp()
      .nullable()
      .meta({ description: 'When the learner first reached 100 % (kept if lessons are added later).' }),
    certificateId: answerFields.id().nullable().meta({ description: 'GET /certificates/:id, once complete.' }),
    ...figures,
  }),
  {
    courseId: COURSE_ID,
    title: 'Kubernetes from scratch',
    courseStatus: 'published',
    enrolledAt: '2026-12-01T09:00:00.000Z',
    completedAt: null,
    certificateId: null,
    completedLessons: 5,
    totalLessons: 12,
    percent: 41,
  },
);
export type EnrollmentView = z.infer<typeof EnrollmentViewSchema>;
export const EnrollmentPageSchema = namedPageSchema(EnrollmentViewSchema, 3);

export const LessonCompletionViewSchema = answerSchema(
  'LessonCompletionView',
  z.object({ lessonId: answerFields.id(), courseId: answerFields.id(), completed: z.literal(true), ...figures }),
  { lessonId: LESSON_ID, courseId: COURSE_ID, completed: true, completedLessons: 6, totalLessons: 12, percent: 50 },
);
export type LessonCompletionView = z.infer<typeof LessonCompletionViewSchema>;

/** What anyone holding a certificate's link sees (no user or course ids of the learner's account). */
export const CertificateViewSchema = answerSchema(
  'CertificateView',
  z.object({
    id: answerFields.id(),
    courseId: answerFields.id(),
    learnerName: z.string(),
    courseTitle: z.string(),
    completedAt: answerFields.timestamp(),
  }),
  {
    id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    courseId: COURSE_ID,
    learnerName: 'Ada Lovelace',
    courseTitle: 'Kubernetes from scratch',
    completedAt: '2026-12-03T17:45:00.000Z',
  },
);
export type CertificateView = z.infer<typeof CertificateViewSchema>;

/** `GET /courses/:id/stats`: how learners go through a course, for its instructor and admins. */
export const CourseStatsViewSchema = answerSchema(
  'CourseStatsView',
  z.object({
    courseId: answerFields.id(),
    title: z.string(),
    courseStatus: courseStatus(),
    enrollments: answerFields.count().meta({ description: 'Learners enrolled.' }),
    completions: answerFields.count().meta({ description: 'Enrolled learners who completed the current outline.' }),
    completionRate: share().meta({ description: 'completions / enrollments (0 without enrolments).' }),
    enrollmentsOverTime: z
      .array(
        z.object({
          date: z.string().meta({ format: 'date' }),
          enrollments: answerFields.count(),
          total: answerFields.count(),
        }),
      )
      .meta({ description: 'New enrolments per UTC day, oldest first, with the running total.' }),
    lessons: z
      .array(
        z.object({ id: answerFields.id(), type: z.string(), completed: answerFields.count(), completionRate: share() }),
      )
      .meta({ description: 'The current outline in order: learners who completed each lesson (the funnel).' }),
    quizzes: z.array(
      z.object({
        lessonId: answerFields.id(),
        learners: answerFields.count(),
        passRate: share(),
        averageAttempts: z.number().min(0),
      }),
    ),
  }),
  {
    courseId: COURSE_ID,
    title: 'Kubernetes from scratch',
    courseStatus: 'published',
    enrollments: 40,
    completions: 10,
    completionRate: 0.25,
    enrollmentsOverTime: [
      { date: '2026-12-01', enrollments: 25, total: 25 },
      { date: '2026-12-02', enrollments: 15, total: 40 },
    ],
    lessons: [
      { id: LESSON_ID, type: 'text', completed: 38, completionRate: 0.95 },
      { id: QUIZ_ID, type: 'quiz', completed: 12, completionRate: 0.3 },
    ],
    quizzes: [{ lessonId: QUIZ_ID, learners: 20, passRate: 0.6, averageAttempts: 1.4 }],
  },
);
export type CourseStatsView = z.infer<typeof CourseStatsViewSchema>;

export const VideoPositionViewSchema = answerSchema(
  'VideoPositionView',
  z.object({
    lessonId: answerFields.id(),
    courseId: answerFields.id(),
    position: z.number().min(0).meta({ description: 'Seconds: where the player resumes (0 before the first report).' }),
    duration: z.number().min(0).nullable().meta({ description: 'Seconds, as first reported; null before that.' }),
    watchedPercent: z
      .number()
      .min(0)
      .max(100)
      .meta({ description: 'Share of the video watched, judged on the server.' }),
    completed: z.boolean(),
  }),
  { lessonId: LESSON_ID, courseId: COURSE_ID, position: 312.5, duration: 640, watchedPercent: 48, completed: false },
);
export type VideoPositionView = z.infer<typeof VideoPositionViewSchema>;

/** Where a learner stands on a quiz: what they may still do and see. */
const standing = {
  maxAttempts: z.int().min(0).meta({ description: '0: unlimited.' }),
  attemptsUsed: answerFields.count(),
  attemptsLeft: answerFields.count(),
  quizPassed: z.boolean().meta({ description: 'Whether any attempt passed (the quiz lesson is complete).' }),
  canAttempt: z.boolean().meta({ description: 'Whether the server takes another attempt.' }),
  reviewAvailable: z
    .boolean()
    .meta({ description: 'Whether per-question results, correct choices and explanations may be shown.' }),
};
export const QuizStandingSchema = z.object(standing);
export type QuizStanding = z.infer<typeof QuizStandingSchema>;

/**
 * An attempt as its learner sees it: score and pass always; which questions were right, the right
 * choices and the explanations only once the quiz's review setting allows.
 */
export const AttemptViewSchema = answerSchema(
  'AttemptView',
  z.object({
    id: answerFields.id(),
    attemptNumber: z.int().min(1),
    score: percent(),
    passed: z.boolean(),
    total: answerFields.count(),
    createdAt: answerFields.timestamp(),
    correctCount: answerFields.count().optional(),
    questions: z
      .array(
        z.object({
          questionId: answerFields.id(),
          choiceIds: z.array(answerFields.id()),
          correct: z.boolean(),
          correctChoiceIds: z
            .array(answerFields.id())
            .nullable()
            .meta({ description: 'null when the question was replaced since the attempt.' }),
          explanation: z.string().nullable(),
        }),
      )
      .optional(),
  }),
  {
    id: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    attemptNumber: 1,
    score: 100,
    passed: true,
    total: 1,
    createdAt: '2026-12-02T11:20:00.000Z',
    correctCount: 1,
    questions: [
      {
        questionId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
        choiceIds: ['3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a'],
        correct: true,
        correctChoiceIds: ['3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a'],
        explanation: 'A pod shares one network namespace, so its containers share an IP.',
      },
    ],
  },
);
export type AttemptView = z.infer<typeof AttemptViewSchema>;
export type QuestionReview = NonNullable<AttemptView['questions']>[number];

const STANDING_EXAMPLE: QuizStanding = {
  maxAttempts: 3,
  attemptsUsed: 1,
  attemptsLeft: 2,
  quizPassed: true,
  canAttempt: false,
  reviewAvailable: true,
};

/** The answer to a submit: the attempt and where the learner now stands. */
export const AttemptResultSchema = answerSchema('AttemptResult', AttemptViewSchema.extend(standing), {
  ...answerExample(AttemptViewSchema),
  ...STANDING_EXAMPLE,
});
export type AttemptResult = z.infer<typeof AttemptResultSchema>;

/** The learner's attempts on a quiz, newest first, and where they stand. */
export const AttemptHistorySchema = answerSchema(
  'AttemptHistory',
  pageSchema(AttemptViewSchema).extend({
    ...standing,
    lessonId: answerFields.id(),
    review: z.enum(QUIZ_REVIEW_POLICIES),
    allowRetakeAfterPass: z.boolean(),
  }),
  {
    items: [answerExample(AttemptViewSchema)],
    total: 1,
    page: 1,
    limit: 20,
    ...STANDING_EXAMPLE,
    lessonId: QUIZ_ID,
    review: 'after-pass',
    allowRetakeAfterPass: false,
  },
);
export type AttemptHistory = z.infer<typeof AttemptHistorySchema>;

/** `GET /courses/:courseId`: the outline with my completion per lesson and the figure. */
export const CourseProgressViewSchema = answerSchema(
  'CourseProgressView',
  z.object({
    courseId: answerFields.id(),
    courseStatus: courseStatus(),
    enrolled: z.boolean().meta({ description: 'false: a published course the learner has not joined.' }),
    certificateId: answerFields.id().nullable(),
    percent: percent(),
    completedLessons: answerFields.count(),
    totalLessons: answerFields.count(),
    sections: z.array(
      z.object({
        id: answerFields.id(),
        lessons: z.array(z.object({ id: answerFields.id(), completed: z.boolean() })),
      }),
    ),
  }),
  {
    courseId: COURSE_ID,
    courseStatus: 'published',
    enrolled: true,
    certificateId: null,
    percent: 50,
    completedLessons: 1,
    totalLessons: 2,
    sections: [
      {
        id: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d',
        lessons: [
          { id: LESSON_ID, completed: true },
          { id: QUIZ_ID, completed: false },
        ],
      },
    ],
  },
);
export type CourseProgressView = z.infer<typeof CourseProgressViewSchema>;
