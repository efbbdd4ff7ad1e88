import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type LessonType, PROGRESS_EVENTS, type QuizAnswerKey } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import { Certificates } from '../certificates/certificates';
import { ForbiddenError, NotFoundError } from '@platform/service-kit';
import { percentOf } from './progress-figures';
import { changed, rows } from '../database/sql';

export interface CourseFigures {
  completedLessons: number;
  totalLessons: number;
  percent: number;
}

/** A lesson of a published course the caller is enrolled in. */
export interface LearnerLesson {
  id: string;
  courseId: string;
  type: LessonType;
  quiz: QuizAnswerKey | null;
}

/**
 * The progress figure and its one-time completion event, shared by lesson completion, quiz passes
 * and catalog snapshots (a removed lesson can bring a learner to 100 % too).
 *
 * Ordering with snapshots: a learner's write takes a SHARE lock on the course row and a snapshot
 * takes its UPDATE lock on it first (see ReadModelService), so a completion and an outline change
 * never both miss the moment a learner reaches 100 %.
 */
@Injectable()
export class CourseCompletion {
  constructor(
    private readonly outbox: Outbox,
    private readonly certificates: Certificates,
  ) {}

  /** Completed ∩ current lessons over current lessons, in one query. */
  async figures(em: EntityManager, userId: string, courseId: string): Promise<CourseFigures> {
    const [row] = await rows<{ total: string; completed: string }>(
      em,
      `select count(l.id) as total, count(c.id) as completed
         from lesson_models l left join completions c on c.user_id = ? and c.lesson_id = l.id
        where l.course_id = ?`,
      [userId, courseId],
    );
    const totalLessons = Number(row.total);
    const completedLessons = Number(row.completed);
    return { totalLessons, completedLessons, percent: percentOf(completedLessons, totalLessons) };
  }

  /**
   * The lesson, if it belongs to a course progress knows as published: 404 otherwise (unknown
   * lesson, or its course was unpublished or deleted); 403 when the caller is not enrolled in it.
   * Locks the course row in SHARE mode until the caller's transaction ends.
   */
  async lessonForLearner(em: EntityManager, userId: string, lessonId: string): Promise<LearnerLesson> {
    const [row] = await rows<{
      id: string;
      course_id: string;
      type: LessonType;
      quiz: QuizAnswerKey | null;
      enrolled: boolean;
    }>(
      em,
      `select l.id, l.course_id, l.type, l.quiz,
              exists(select 1 from enrollments e where e.user_id = ? and e.course_id = c.id) as enrolled
         from lesson_models l join course_models c on c.id = l.course_id
        where l.id = ? and c.status = 'published'
          for share of c`,
      [userId, lessonId],
    );
    if (!row) throw new NotFoundError('Lesson', lessonId);
    if (!row.enrolled) throw new ForbiddenError('Enrol in the lesson’s course first');
    return { id: row.id, courseId: row.course_id, type: row.type, quiz: row.quiz };
  }

  /** Marks the lesson done (idempotent) and answers the new figures; a first 100 % is announced and certified. */
  async lessonDone(em: EntityManager, userId: string, lesson: LearnerLesson): Promise<CourseFigures> {
    await changed(
      em,
      `insert into completions (id, user_id, course_id, lesson_id, completed_at)
       values (?, ?, ?, ?, now()) on conflict (user_id, lesson_id) do nothing`,
      [crypto.randomUUID(), userId, lesson.courseId, lesson.id],
    );
    const figures = await this.figures(em, userId, lesson.courseId);
    if (figures.percent === 100) {
      const completedAt = new Date();
      const stamped = await changed(
        em,
        'update enrollments set completed_at = ? where user_id = ? and course_id = ? and completed_at is null',
        [completedAt, userId, lesson.courseId],
      );
      if (stamped === 1) await this.completed(em, userId, lesson.courseId, completedAt);
    }
    return figures;
  }

  /**
   * After a new outline: every enrolled learner who now has all current lessons done (a removed
   * lesson was the last one missing) reaches 100 % for the first time here. One statement.
   */
  async stampCompletedLearners(em: EntityManager, courseId: string): Promise<number> {
    const stamped = await rows<{ user_id: string; completed_at: Date }>(
      em,
      `update enrollments e set completed_at = now()
        where e.course_id = ? and e.completed_at is null
          and exists (select 1 from lesson_models l where l.course_id = e.course_id)
          and not exists (
                select 1 from lesson_models l
                 where l.course_id = e.course_id
                   and not exists (select 1 from completions c where c.user_id = e.user_id and c.lesson_id = l.id))
        returning e.user_id, e.completed_at`,
      [courseId],
    );
    for (const row of stamped) await this.completed(em, row.user_id, courseId, new Date(row.completed_at));
    return stamped.length;
  }

  /** A learner's first 100 % in a course: the event, and their certificate (both once, in this transaction). */
  private async completed(em: EntityManager, userId: string, courseId: string, completedAt: Date): Promise<void> {
    await this.certificates.issue(em, userId, courseId, completedAt);
    this.outbox.record(em, PROGRESS_EVENTS.courseCompleted, {
      userId,
      courseId,
      completedAt: completedAt.toISOString(),
    });
  }
}
