import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidInputError, NotFoundError, type Page } from '@platform/service-kit';
import { CourseCompletion } from '../completion/course-completion';
import type { EnrollmentView, LessonCompletionView } from '../progress.views';
import { percentOf } from '../completion/progress-figures';
import { changed, rows } from '../database/sql';
import type { CourseStatus } from '../read-model/course-model.entity';
import { Enrollment, NAME_LENGTH } from './enrollment.entity';

export type { EnrollmentView, LessonCompletionView };

@Injectable()
export class EnrollmentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly completion: CourseCompletion,
  ) {}

  /** Only courses progress knows as published (from catalog's events) can be joined; once. */
  async enroll(userId: string, learnerName: string, courseId: string): Promise<EnrollmentView> {
    return this.em.transactional(async (em) => {
      const [course] = await rows<{ title: string }>(
        em,
        `select title from course_models where id = ? and status = 'published' for share`,
        [courseId],
      );
      if (!course) throw new NotFoundError('Published course', courseId);
      const enrollment = new Enrollment(userId, courseId, learnerName.slice(0, NAME_LENGTH));
      try {
        em.persist(enrollment);
        await em.flush();
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException)
          throw new ConflictError('Already enrolled in this course');
        throw error;
      }
      return {
        courseId,
        title: course.title,
        courseStatus: 'published',
        enrolledAt: enrollment.enrolledAt.toISOString(),
        completedAt: null,
        certificateId: null,
        ...(await this.completion.figures(em, userId, courseId)),
      };
    });
  }

  /** My enrolments, newest first, each with its figure; two queries whatever the page size. */
  async enrollments(userId: string, page: number, limit: number): Promise<Page<EnrollmentView>> {
    // Far beyond any real list, and beyond what OFFSET takes as a safe integer: bad input, not a 500.
    if ((page - 1) * limit > 1_000_000_000) throw new InvalidInputError('page is out of range');
    const em = this.em.fork();
    const [{ total }] = await rows<{ total: string }>(
      em,
      'select count(*) as total from enrollments where user_id = ?',
      [userId],
    );
    const found = await rows<{
      course_id: string;
      title: string;
      status: CourseStatus;
      enrolled_at: Date;
      completed_at: Date | null;
      certificate_id: string | null;
      total_lessons: string;
      completed_lessons: string;
    }>(
      em,
      `select e.course_id, c.title, c.status, e.enrolled_at, e.completed_at,
              (select ce.id from certificates ce where ce.user_id = e.user_id and ce.course_id = e.course_id) as certificate_id,
              (select count(*) from lesson_models l where l.course_id = e.course_id) as total_lessons,
              (select count(*) from completions cp join lesson_models l on l.id = cp.lesson_id and l.course_id = e.course_id
                where cp.user_id = e.user_id and cp.course_id = e.course_id) as completed_lessons
         from enrollments e join course_models c on c.id = e.course_id
        where e.user_id = ?
        order by e.enrolled_at desc, e.course_id
        limit ? offset ?`,
      [userId, limit, (page - 1) * limit],
    );
    return {
      items: found.map((row) => ({
        courseId: row.course_id,
        title: row.title,
        courseStatus: row.status,
        enrolledAt: new Date(row.enrolled_at).toISOString(),
        completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
        certificateId: row.certificate_id,
        totalLessons: Number(row.total_lessons),
        completedLessons: Number(row.completed_lessons),
        percent: percentOf(Number(row.completed_lessons), Number(row.total_lessons)),
      })),
      total: Number(total),
      page,
      limit,
    };
  }

  /**
   * Idempotent: completing twice counts once (a unique row per learner and lesson). A quiz lesson is
   * completed by passing its quiz: before that a manual complete is 409; after it, a no-op 200.
   */
  async completeLesson(userId: string, displayName: string, lessonId: string): Promise<LessonCompletionView> {
    const learnerName = displayName.slice(0, NAME_LENGTH);
    return this.em.transactional(async (em) => {
      const lesson = await this.completion.lessonForLearner(em, userId, lessonId);
      // The name a certificate issued now would carry: the one the learner goes by today.
      if (learnerName)
        await changed(
          em,
          'update enrollments set learner_name = ? where user_id = ? and course_id = ? and learner_name <> ?',
          [learnerName, userId, lesson.courseId, learnerName],
        );
      if (lesson.type === 'quiz') {
        const passed = await rows(
          em,
          'select 1 from quiz_attempts where user_id = ? and lesson_id = ? and passed limit 1',
          [userId, lessonId],
        );
        if (passed.length === 0) throw new ConflictError('A quiz lesson is completed by passing its quiz');
      }
      const figures = await this.completion.lessonDone(em, userId, lesson);
      return { lessonId, courseId: lesson.courseId, completed: true, ...figures };
    });
  }
}
