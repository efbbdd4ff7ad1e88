import {
  COURSE_CATEGORY_IDS,
  type CourseCategory,
  LESSON_TYPES,
  mediaFilePath,
  mediaSrcset,
  QUIZ_REVIEW_POLICIES,
} from '@platform/contracts';
import { answerExample, answerFields, answerSchema, namedPageSchema } from '@platform/service-kit';
import { z } from 'zod';
import type { MediaImage } from '../covers/media-image.entity';
import { type Course, COURSE_STATUSES } from './course.entity';
import type { Lesson } from './lesson.entity';
import { byPosition } from './reorder';

const COURSE_ID = '7b1e4c2a-5d3f-4e8a-9b6c-0a1d2e3f4a5b';
const INSTRUCTOR_ID = '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

export const CourseSummaryViewSchema = answerSchema(
  'CourseSummaryView',
  z.object({
    id: answerFields.id(),
    title: z.string(),
    slug: z.string(),
    description: z.string(),
    status: z.enum(COURSE_STATUSES),
    category: z.enum(COURSE_CATEGORY_IDS as [CourseCategory, ...CourseCategory[]]).nullable(),
    instructorId: answerFields.id(),
    instructorName: z
      .string()
      .meta({ description: "The instructor's display name ('' for courses made before catalog kept it)." }),
    lessonCount: answerFields.count().meta({ description: "Lessons of the course's current outline." }),
    estimatedMinutes: answerFields.count().meta({ description: 'Estimated length in minutes.' }),
    coverMediaId: answerFields.id().nullable(),
    coverUrl: z.string().nullable(),
    coverSmallUrl: z.string().nullable(),
    coverSrcset: z.string().nullable().meta({
      description: "`<img srcset>` of the cover's variants, narrowest first (stable paths with their widths).",
    }),
    publishedAt: answerFields.timestamp().nullable(),
    createdAt: answerFields.timestamp(),
  }),
  {
    id: COURSE_ID,
    title: 'Kubernetes from scratch',
    slug: 'kubernetes-from-scratch',
    description: 'Pods, Deployments and Services, one small step at a time.',
    status: 'published',
    category: 'cloud-devops',
    instructorId: INSTRUCTOR_ID,
    instructorName: 'Grace Hopper',
    lessonCount: 12,
    estimatedMinutes: 95,
    coverMediaId: '2d4f6a8c-1b3e-4c5d-9e7f-a1b2c3d4e5f6',
    coverUrl: '/api/media/2d4f6a8c-1b3e-4c5d-9e7f-a1b2c3d4e5f6/file',
    coverSmallUrl: '/api/media/2d4f6a8c-1b3e-4c5d-9e7f-a1b2c3d4e5f6/file?variant=small',
    coverSrcset: '/api/media/2d4f6a8c-1b3e-4c5d-9e7f-a1b2c3d4e5f6/file?variant=small 480w',
    publishedAt: '2026-11-28T10:00:00.000Z',
    createdAt: '2026-11-21T08:15:00.000Z',
  },
);
export type CourseSummaryView = z.infer<typeof CourseSummaryViewSchema>;
export const CourseSummaryPageSchema = namedPageSchema(CourseSummaryViewSchema, 42);

export const SectionViewSchema = answerSchema(
  'SectionView',
  z.object({
    id: answerFields.id(),
    title: z.string(),
    position: answerFields.count(),
    lessons: z.array(
      z.object({
        id: answerFields.id(),
        type: z.enum(LESSON_TYPES),
        title: z.string(),
        position: answerFields.count(),
      }),
    ),
  }),
  {
    id: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d',
    title: 'First steps',
    position: 0,
    lessons: [{ id: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e', type: 'text', title: 'What is a pod?', position: 0 }],
  },
);

/** A course with its outline (sections and their lessons, in order). */
export const CourseViewSchema = answerSchema(
  'CourseView',
  CourseSummaryViewSchema.extend({
    revision: z.int().min(1).meta({ description: 'Grows with every change of the outline.' }),
    sections: z.array(SectionViewSchema),
  }),
  { ...answerExample(CourseSummaryViewSchema), revision: 3, sections: [answerExample(SectionViewSchema)] },
);
export type CourseView = z.infer<typeof CourseViewSchema>;

/** What the summary view reads of a course: the entity, or a row of course-reads.ts (times as text). */
export type CourseSummarySource = Pick<
  Course,
  | 'id'
  | 'title'
  | 'slug'
  | 'description'
  | 'status'
  | 'category'
  | 'instructorId'
  | 'instructorName'
  | 'lessonCount'
  | 'estimatedMinutes'
  | 'coverMediaId'
> & { publishedAt: Date | string | null; createdAt: Date | string };

/** PostgreSQL's text of a timestamptz in a UTC session (MikroORM's forceUtcTimezone): date, time, optional fraction. */
const POSTGRES_UTC_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/**
 * The ISO form `toISOString` gives (milliseconds truncated, as Date parses them). PostgreSQL's own
 * text is rearranged rather than parsed by Date, whose parser for that format was the largest
 * single cost of rendering a listing page (docs/decisions/catalog-reads.md).
 */
export function isoTime(time: Date | string): string {
  const parts = typeof time === 'string' ? POSTGRES_UTC_TIME.exec(time) : null;
  if (parts) return `${parts[1]}T${parts[2]}.${`${parts[3] ?? ''}000`.slice(0, 3)}Z`;
  return (time instanceof Date ? time : new Date(time)).toISOString();
}

/**
 * Cover URLs appear once media reports the variants ready, and only for an image the course's
 * instructor uploaded; they are stable paths media redirects to presigned URLs.
 */
export function courseSummaryView(
  course: CourseSummarySource,
  cover: MediaImage | null | undefined,
): CourseSummaryView {
  const ready =
    !!course.coverMediaId &&
    cover?.mediaId === course.coverMediaId &&
    cover.status === 'ready' &&
    cover.mayCover(course.instructorId);
  return {
    id: course.id,
    title: course.title,
    slug: course.slug,
    description: course.description,
    status: course.status,
    category: course.category,
    instructorId: course.instructorId,
    instructorName: course.instructorName,
    lessonCount: course.lessonCount,
    estimatedMinutes: course.estimatedMinutes,
    coverMediaId: course.coverMediaId,
    coverUrl: ready ? mediaFilePath(course.coverMediaId!) : null,
    coverSmallUrl: ready && cover!.variants.includes('small') ? mediaFilePath(course.coverMediaId!, 'small') : null,
    coverSrcset: ready ? mediaSrcset(course.coverMediaId!, cover!.variants) : null,
    publishedAt: course.publishedAt ? isoTime(course.publishedAt) : null,
    createdAt: isoTime(course.createdAt),
  };
}

export function courseView(course: Course, cover: MediaImage | null | undefined): CourseView {
  return {
    ...courseSummaryView(course, cover),
    revision: course.revision,
    sections: byPosition(course.sections.getItems()).map((section) => ({
      id: section.id,
      title: section.title,
      position: section.position,
      lessons: byPosition(section.lessons.getItems()).map((lesson) => ({
        id: lesson.id,
        type: lesson.type,
        title: lesson.title,
        position: lesson.position,
      })),
    })),
  };
}

export const LessonViewSchema = answerSchema(
  'LessonView',
  z.object({
    id: answerFields.id(),
    courseId: answerFields.id(),
    sectionId: answerFields.id(),
    type: z.enum(LESSON_TYPES),
    title: z.string(),
    position: answerFields.count(),
    content: z.string().nullable().optional().meta({ description: 'Text lessons: Markdown.' }),
    mediaId: answerFields.id().nullable().optional().meta({ description: 'Video lessons: the video in media.' }),
    videoUrl: z.string().nullable().optional(),
    captionsMediaId: answerFields.id().nullable().optional(),
    passPercent: z.int().min(0).max(100).optional().meta({ description: 'Quiz lessons from here on.' }),
    maxAttempts: z.int().min(0).optional(),
    review: z.enum(QUIZ_REVIEW_POLICIES).optional(),
    allowRetakeAfterPass: z.boolean().optional(),
    questions: z
      .array(
        z.object({
          id: answerFields.id(),
          prompt: z.string(),
          choices: z.array(
            z.object({
              id: answerFields.id(),
              text: z.string(),
              correct: z.boolean().optional().meta({ description: "Only for the course's editors." }),
            }),
          ),
          explanation: z.string().nullable().optional().meta({ description: "Only for the course's editors." }),
        }),
      )
      .optional(),
  }),
  {
    id: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
    courseId: COURSE_ID,
    sectionId: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d',
    type: 'text',
    title: 'What is a pod?',
    position: 0,
    content: 'A **pod** is the smallest thing Kubernetes runs: one or more containers sharing a network.',
  },
);
export type LessonView = z.infer<typeof LessonViewSchema>;

/**
 * Quiz answers (`correct`) and explanations only for the course's editors: learners are graded by
 * progress, which shows them results and explanations as the quiz's review setting allows.
 */
export function lessonView(lesson: Lesson, courseId: string, withAnswers: boolean): LessonView {
  const base: LessonView = {
    id: lesson.id,
    courseId,
    sectionId: lesson.section.id,
    type: lesson.type,
    title: lesson.title,
    position: lesson.position,
  };
  if (lesson.type === 'text') return { ...base, content: lesson.content };
  if (lesson.type === 'video')
    return {
      ...base,
      mediaId: lesson.mediaId,
      videoUrl: lesson.mediaId ? mediaFilePath(lesson.mediaId) : null,
      captionsMediaId: lesson.captionsMediaId,
    };
  const quiz = lesson.quiz!;
  return {
    ...base,
    passPercent: quiz.passPercent,
    maxAttempts: quiz.maxAttempts,
    review: quiz.review,
    allowRetakeAfterPass: quiz.allowRetakeAfterPass,
    questions: quiz.questions.map((question) => ({
      id: question.id,
      prompt: question.prompt,
      choices: question.choices.map((choice) => (withAnswers ? { ...choice } : { id: choice.id, text: choice.text })),
      ...(withAnswers ? { explanation: question.explanation } : {}),
    })),
  };
}
