import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PROGRESS_EVENTS } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import { percentOf } from './progress-figures';

export interface CourseFigures {
  completedLessons: number;
  totalLessons: number;
  percent: number;
}

@Injectable()
export class CourseCompletion {
  constructor(private readonly outbox: Outbox) {}

  /** Completed ∩ current lessons, in one query. */
  async figures(em: EntityManager, userId: string, courseId: string): Promise<CourseFigures> {
    const [row] = await em.getConnection().execute<Array<{ total: string; completed: string }>>(
      `select count(l.id) as total, count(c.id) as completed
         from lesson_models l left join completions c on c.lesson_id = l.id and c.user_id = ?
        where l.course_id = ?`,
      [userId, courseId],
      'all',
      em.getTransactionContext(),
    );
    const totalLessons = Number(row.total);
    const completedLessons = Number(row.completed);
    return { totalLessons, completedLessons, percent: percentOf(completedLessons, totalLessons) };
  }

  /** The first time a learner reaches 100 %, stamps the enrolment and records `progress.course.completed` once. */
  async recordIfCompleted(em: EntityManager, userId: string, courseId: string): Promise<CourseFigures> {
    const figures = await this.figures(em, userId, courseId);
    if (figures.percent === 100) {
      const completedAt = new Date();
      const stamped = await em
        .getConnection()
        .execute(
          `update enrollments set completed_at = ? where user_id = ? and course_id = ? and completed_at is null`,
          [completedAt, userId, courseId],
          'run',
          em.getTransactionContext(),
        );
      if ((stamped as unknown as { affectedRows: number }).affectedRows === 1) {
        this.outbox.record(em, PROGRESS_EVENTS.courseCompleted, {
          userId,
          courseId,
          completedAt: completedAt.toISOString(),
        });
      }
    }
    return figures;
  }
}
