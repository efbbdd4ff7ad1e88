import type { QuizReviewPolicy } from '../quiz-settings';

/**
 * Catalog events. Consumers that keep a read model of a course (progress) rely on the full
 * outline snapshots (`published`, `updated`) and apply one only when its `revision` is newer than
 * what they hold, so redeliveries and out-of-order retries cannot roll a course back.
 * Fine-grained section/lesson events are emitted too, for consumers that only care about one kind.
 */
export const CATALOG_EVENTS = {
  coursePublished: 'catalog.course.published',
  courseUpdated: 'catalog.course.updated',
  courseUnpublished: 'catalog.course.unpublished',
  courseDeleted: 'catalog.course.deleted',
  courseCoverChanged: 'catalog.course.cover-changed',
  sectionAdded: 'catalog.section.added',
  sectionChanged: 'catalog.section.changed',
  sectionRemoved: 'catalog.section.removed',
  lessonAdded: 'catalog.lesson.added',
  lessonChanged: 'catalog.lesson.changed',
  lessonRemoved: 'catalog.lesson.removed',
} as const;

export const LESSON_TYPES = ['text', 'video', 'quiz'] as const;
export type LessonType = (typeof LESSON_TYPES)[number];

/**
 * The answer key of a quiz and its rules for learners: only travels between services; progress shows
 * a learner the correct choices and explanations only as `review` allows.
 */
export interface QuizAnswerKey {
  readonly passPercent: number;
  readonly maxAttempts: number;
  readonly review: QuizReviewPolicy;
  readonly allowRetakeAfterPass: boolean;
  readonly questions: ReadonlyArray<{
    readonly questionId: string;
    readonly choiceIds: readonly string[];
    readonly correctChoiceIds: readonly string[];
    /** The instructor's explanation, shown with the question's result; null when none was written. */
    readonly explanation: string | null;
  }>;
}

export interface LessonSnapshot {
  readonly lessonId: string;
  readonly type: LessonType;
  readonly title: string;
  readonly position: number;
  /** Present for quiz lessons only. */
  readonly quiz?: QuizAnswerKey;
}

export interface SectionSnapshot {
  readonly sectionId: string;
  readonly title: string;
  readonly position: number;
  readonly lessons: readonly LessonSnapshot[];
}

/** The whole published outline of a course at one revision. */
export interface CourseOutlineSnapshot {
  readonly courseId: string;
  /** Monotonic per course: bumped by every change catalog records. */
  readonly revision: number;
  readonly title: string;
  readonly slug: string;
  readonly instructorId: string;
  readonly sections: readonly SectionSnapshot[];
}

export type CoursePublishedPayload = CourseOutlineSnapshot;
export type CourseUpdatedPayload = CourseOutlineSnapshot;

export interface CourseUnpublishedPayload {
  readonly courseId: string;
  readonly revision: number;
}

export interface CourseDeletedPayload {
  readonly courseId: string;
  readonly revision: number;
  /** So media deletes only an image the course's own instructor uploaded; see CourseCoverChangedPayload. */
  readonly instructorId?: string;
  /** So media can delete an image no longer used. */
  readonly coverMediaId: string | null;
}

export interface CourseCoverChangedPayload {
  readonly courseId: string;
  /**
   * The course's instructor: a cover must be an image that instructor uploaded, so media never
   * lets a course use (and later, by releasing it, delete) somebody else's image. Absent only in
   * events recorded before this field existed.
   */
  readonly instructorId?: string;
  readonly mediaId: string | null;
  readonly previousMediaId: string | null;
}

export interface SectionEventPayload {
  readonly courseId: string;
  readonly revision: number;
  readonly sectionId: string;
  readonly title: string;
  readonly position: number;
}

export interface SectionRemovedPayload {
  readonly courseId: string;
  readonly revision: number;
  readonly sectionId: string;
}

export interface LessonEventPayload {
  readonly courseId: string;
  readonly revision: number;
  readonly sectionId: string;
  readonly lesson: LessonSnapshot;
  /** Media id of a video lesson. */
  readonly mediaId: string | null;
  /** Media id of a video lesson's WebVTT captions (absent in events recorded before captions existed). */
  readonly captionsMediaId?: string | null;
}

export interface LessonRemovedPayload {
  readonly courseId: string;
  readonly revision: number;
  readonly sectionId: string;
  readonly lessonId: string;
}
