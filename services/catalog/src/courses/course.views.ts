import { type CourseCategory, mediaFilePath, mediaSrcset, type QuizReviewPolicy } from '@platform/contracts';
import type { MediaImage } from '../covers/media-image.entity';
import type { Course, CourseStatus } from './course.entity';
import type { Lesson } from './lesson.entity';
import { byPosition } from './reorder';

export interface CourseSummaryView {
  id: string;
  title: string;
  slug: string;
  description: string;
  status: CourseStatus;
  category: CourseCategory | null;
  instructorId: string;
  /** The instructor's display name ('' for courses made before catalog kept it). */
  instructorName: string;
  /** Lessons of the course's current outline. */
  lessonCount: number;
  /** Estimated length in minutes (course-length.ts). */
  estimatedMinutes: number;
  coverMediaId: string | null;
  coverUrl: string | null;
  coverSmallUrl: string | null;
  /** `<img srcset>` of the cover's variants, narrowest first (stable paths with their widths). */
  coverSrcset: string | null;
  publishedAt: string | null;
  createdAt: string;
}

export interface CourseView extends CourseSummaryView {
  revision: number;
  sections: Array<{
    id: string;
    title: string;
    position: number;
    lessons: Array<{ id: string; type: string; title: string; position: number }>;
  }>;
}

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

const isoTime = (time: Date | string): string => (time instanceof Date ? time : new Date(time)).toISOString();

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

export interface LessonView {
  id: string;
  courseId: string;
  sectionId: string;
  type: string;
  title: string;
  position: number;
  content?: string | null;
  mediaId?: string | null;
  videoUrl?: string | null;
  captionsMediaId?: string | null;
  passPercent?: number;
  maxAttempts?: number;
  review?: QuizReviewPolicy;
  allowRetakeAfterPass?: boolean;
  questions?: Array<{
    id: string;
    prompt: string;
    choices: Array<{ id: string; text: string; correct?: boolean }>;
    explanation?: string | null;
  }>;
}

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
