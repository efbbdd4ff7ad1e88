import type { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import {
  CATALOG_EVENTS,
  type CourseOutlineSnapshot,
  type EventPayloads,
  type EventType,
  type LessonSnapshot,
} from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import type { Course } from './course.entity';
import type { Lesson } from './lesson.entity';
import { byPosition } from './reorder';

/** A lesson as its consumers need it: ids, order, type and, for a quiz, the answer key. */
export function lessonSnapshot(lesson: Lesson): LessonSnapshot {
  const snapshot = { lessonId: lesson.id, type: lesson.type, title: lesson.title, position: lesson.position };
  if (!lesson.quiz) return snapshot;
  return {
    ...snapshot,
    quiz: {
      passPercent: lesson.quiz.passPercent,
      maxAttempts: lesson.quiz.maxAttempts,
      review: lesson.quiz.review,
      allowRetakeAfterPass: lesson.quiz.allowRetakeAfterPass,
      questions: lesson.quiz.questions.map((question) => ({
        questionId: question.id,
        choiceIds: question.choices.map((choice) => choice.id),
        correctChoiceIds: question.choices.filter((choice) => choice.correct).map((choice) => choice.id),
        explanation: question.explanation ?? null,
      })),
    },
  };
}

/** The published outline with the quiz answer keys: what progress keeps and grades against. */
export function outlineSnapshot(course: Course): CourseOutlineSnapshot {
  return {
    courseId: course.id,
    revision: course.revision,
    title: course.title,
    slug: course.slug,
    instructorId: course.instructorId,
    sections: byPosition(course.sections.getItems()).map((section) => ({
      sectionId: section.id,
      title: section.title,
      position: section.position,
      lessons: byPosition(section.lessons.getItems()).map(lessonSnapshot),
    })),
  };
}

/**
 * Every change to a course bumps its revision and is recorded with its event in the same
 * transaction; a published course's consumers also get the whole new outline (`course.updated`).
 */
@Injectable()
export class CourseEvents {
  constructor(private readonly outbox: Outbox) {}

  /** A change to the course or its outline: an optional fine-grained event, plus the new outline if published. */
  changed<T extends EventType>(
    em: EntityManager,
    course: Course,
    fine?: { type: T; payload: (revision: number) => EventPayloads[T] },
  ): void {
    course.touch();
    if (fine) this.outbox.record(em, fine.type, fine.payload(course.revision));
    if (course.status === 'published') this.outbox.record(em, CATALOG_EVENTS.courseUpdated, outlineSnapshot(course));
  }

  record<T extends EventType>(em: EntityManager, type: T, payload: EventPayloads[T]): void {
    this.outbox.record(em, type, payload);
  }
}
