import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConflictError, ForbiddenError, NotFoundError, type Page } from '@platform/service-kit';
import { CourseModel } from '../read-model/course-model.entity';
import { LessonModel } from '../read-model/outline-model.entity';
import { CourseCompletion, type CourseFigures } from './course-completion';
import { Enrollment } from './enrollment.entity';
import { percentOf } from './progress-figures';

export interface EnrollmentView extends CourseFigures {
  courseId: string;
  title: string;
  enrolledAt: string;
  completedAt: string | null;
}

export interface CourseProgressView extends CourseFigures {
  courseId: string;
  sections: Array<{ id: string; lessons: Array<{ id: string; completed: boolean }> }>;
}

@Injectable()
export class ProgressService {
  constructor(
    private readonly em: EntityManager,
    private readonly completion: CourseCompletion,
  ) {}

  /** Only courses progress knows as published (from catalog's events) can be joined. */
  async enroll(userId: string, courseId: string): Promise<EnrollmentView> {
    const course = await this.em.findOne(CourseModel, { id: courseId, published: true });
    if (!course) throw new NotFoundError('Published course', courseId);
    const enrollment = new Enrollment(userId, courseId);
    try {
      await this.em.persistAndFlush(enrollment);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw new ConflictError('Already enrolled in this course');
      throw error;
    }
    return {
      courseId,
      title: course.title,
      enrolledAt: enrollment.enrolledAt.toISOString(),
      completedAt: null,
      ...(await this.completion.figures(this.em, userId, courseId)),
    };
  }

  async enrollments(userId: string, page: number, limit: number): Promise<Page<EnrollmentView>> {
    const connection = this.em.getConnection();
    const [{ total }] = await connection.execute<Array<{ total: string }>>(
      'select count(*) as total from enrollments where user_id = ?',
      [userId],
    );
    const rows = await connection.execute<
      Array<{
        course_id: string;
        title: string;
        enrolled_at: Date;
        completed_at: Date | null;
        total_lessons: string;
        completed_lessons: string;
      }>
    >(
      `select e.course_id, c.title, e.enrolled_at, e.completed_at,
              (select count(*) from lesson_models l where l.course_id = e.course_id) as total_lessons,
              (select count(*) from completions cp join lesson_models l on l.id = cp.lesson_id
                where cp.user_id = e.user_id and l.course_id = e.course_id) as completed_lessons
         from enrollments e join course_models c on c.id = e.course_id
        where e.user_id = ?
        order by e.enrolled_at desc, e.course_id
        limit ? offset ?`,
      [userId, limit, (page - 1) * limit],
    );
    return {
      items: rows.map((row) => ({
        courseId: row.course_id,
        title: row.title,
        enrolledAt: new Date(row.enrolled_at).toISOString(),
        completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
        totalLessons: Number(row.total_lessons),
        completedLessons: Number(row.completed_lessons),
        percent: percentOf(Number(row.completed_lessons), Number(row.total_lessons)),
      })),
      total: Number(total),
      page,
      limit,
    };
  }

  /** Idempotent: completing twice counts once (a unique row per learner and lesson). */
  async completeLesson(
    userId: string,
    lessonId: string,
  ): Promise<CourseFigures & { lessonId: string; courseId: string; completed: true }> {
    return this.em.transactional(async (em) => {
      const lesson = await this.enrolledLesson(em, userId, lessonId);
      if (lesson.type === 'quiz') {
        const passed = await em
          .getConnection()
          .execute(
            'select 1 from quiz_attempts where user_id = ? and lesson_id = ? and passed limit 1',
            [userId, lessonId],
            'all',
            em.getTransactionContext(),
          );
        if (passed.length === 0) throw new ConflictError('A quiz lesson is completed by passing the quiz');
      }
      await this.insertCompletion(em, userId, lesson);
      const figures = await this.completion.recordIfCompleted(em, userId, lesson.courseId);
      return { lessonId, courseId: lesson.courseId, completed: true, ...figures };
    });
  }

  /** The hot read path: two queries, whatever the size of the course. */
  async courseProgress(userId: string, courseId: string): Promise<CourseProgressView> {
    const connection = this.em.getConnection();
    const [enrollment] = await connection.execute<Array<{ enrolled: boolean }>>(
      `select exists(select 1 from enrollments e where e.user_id = ? and e.course_id = c.id) as enrolled from course_models c where c.id = ?`,
      [userId, courseId],
    );
    if (!enrollment) throw new NotFoundError('Course', courseId);
    if (!enrollment.enrolled) throw new ForbiddenError('Enrol in the course to see your progress');
    const rows = await connection.execute<Array<{ section_id: string; lesson_id: string | null; completed: boolean }>>(
      `select s.id as section_id, l.id as lesson_id, (cp.id is not null) as completed
         from section_models s
         left join lesson_models l on l.section_id = s.id
         left join completions cp on cp.lesson_id = l.id and cp.user_id = ?
        where s.course_id = ?
        order by s.position, l.position`,
      [userId, courseId],
    );
    const sections: CourseProgressView['sections'] = [];
    let totalLessons = 0;
    let completedLessons = 0;
    for (const row of rows) {
      let section = sections[sections.length - 1];
      if (!section || section.id !== row.section_id) {
        section = { id: row.section_id, lessons: [] };
        sections.push(section);
      }
      if (row.lesson_id) {
        section.lessons.push({ id: row.lesson_id, completed: row.completed });
        totalLessons++;
        if (row.completed) completedLessons++;
      }
    }
    return { courseId, percent: percentOf(completedLessons, totalLessons), completedLessons, totalLessons, sections };
  }

  /** The lesson, if it belongs to a published course the learner is enrolled in. */
  async enrolledLesson(em: EntityManager, userId: string, lessonId: string): Promise<LessonModel> {
    const lesson = await em.findOne(LessonModel, { id: lessonId });
    const course = lesson && (await em.findOne(CourseModel, { id: lesson.courseId, published: true }));
    if (!lesson || !course) throw new NotFoundError('Lesson', lessonId);
    if (!(await em.count(Enrollment, { userId, courseId: lesson.courseId })))
      throw new ForbiddenError('Enrol in the course first');
    return lesson;
  }

  async insertCompletion(em: EntityManager, userId: string, lesson: LessonModel): Promise<void> {
    await em
      .getConnection()
      .execute(
        'insert into completions (id, user_id, course_id, lesson_id, completed_at) values (?, ?, ?, ?, now()) on conflict (user_id, lesson_id) do nothing',
        [crypto.randomUUID(), userId, lesson.courseId, lesson.id],
        'run',
        em.getTransactionContext(),
      );
  }
}
