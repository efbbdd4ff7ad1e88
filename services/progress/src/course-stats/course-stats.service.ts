import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@platform/auth';
import { rows } from '../database/sql';
import type { CourseStatus } from '../read-model/course-model.entity';
import { assertMayReadStats, type CourseStatsView, quizFigures, rate, runningTotals } from './course-stats';

/**
 * A course's figures from progress's own records (enrolments, completions, quiz attempts) over its
 * current outline (the read model catalog's events keep): nothing is asked of another service.
 * Counting over the current outline keeps them right when lessons are added or removed; the
 * records are one row per learner and lesson (or attempt number), so a redelivered event or a
 * retried request cannot count twice.
 */
@Injectable()
export class CourseStatsService {
  constructor(private readonly em: EntityManager) {}

  async stats(courseId: string, user: AuthenticatedUser): Promise<CourseStatsView> {
    const em = this.em.fork();
    const [found] = await rows<{
      id: string;
      title: string;
      status: CourseStatus;
      ever_published: boolean;
      instructor_id: string | null;
    }>(em, 'select id, title, status, ever_published, instructor_id from course_models where id = ?', [courseId]);
    assertMayReadStats(
      found && {
        id: found.id,
        status: found.status,
        everPublished: found.ever_published,
        instructorId: found.instructor_id,
      },
      user,
      courseId,
    );
    const lessons = await rows<{ id: string; type: string }>(
      em,
      `select l.id, l.type from lesson_models l join section_models s on s.id = l.section_id
       where l.course_id = ? order by s.position, l.position`,
      [courseId],
    );
    const [{ enrollments }] = await rows<{ enrollments: number }>(
      em,
      'select count(*)::int as enrollments from enrollments where course_id = ?',
      [courseId],
    );
    const days = await rows<{ date: string; enrollments: number }>(
      em,
      `select to_char(enrolled_at at time zone 'UTC', 'YYYY-MM-DD') as date, count(*)::int as enrollments
       from enrollments where course_id = ? group by 1 order by 1`,
      [courseId],
    );
    const ids = lessons.map((lesson) => lesson.id);
    const inLessons = ids.map(() => '?').join(', ');
    const perLesson = ids.length
      ? await rows<{ lesson_id: string; completed: number }>(
          em,
          `select c.lesson_id, count(*)::int as completed from completions c
           join enrollments e on e.user_id = c.user_id and e.course_id = ?
           where c.lesson_id in (${inLessons}) group by c.lesson_id`,
          [courseId, ...ids],
        )
      : [];
    const [{ completions }] = ids.length
      ? await rows<{ completions: number }>(
          em,
          `select count(*)::int as completions from (
             select e.user_id from enrollments e
             join completions c on c.user_id = e.user_id and c.lesson_id in (${inLessons})
             where e.course_id = ? group by e.user_id having count(*) = ?) done`,
          [...ids, courseId, ids.length],
        )
      : [{ completions: 0 }];
    const quizIds = lessons.filter((lesson) => lesson.type === 'quiz').map((lesson) => lesson.id);
    const attempts = quizIds.length
      ? await rows<{ lesson_id: string; learners: number; passed: number; attempts: number }>(
          em,
          `select q.lesson_id, count(distinct q.user_id)::int as learners,
             count(distinct q.user_id) filter (where q.passed)::int as passed, count(*)::int as attempts
           from quiz_attempts q join enrollments e on e.user_id = q.user_id and e.course_id = ?
           where q.lesson_id in (${quizIds.map(() => '?').join(', ')}) group by q.lesson_id`,
          [courseId, ...quizIds],
        )
      : [];
    const completedBy = new Map(perLesson.map((row) => [row.lesson_id, row.completed]));
    const attemptsBy = new Map(attempts.map((row) => [row.lesson_id, row]));
    return {
      courseId,
      title: found!.title,
      courseStatus: found!.status,
      enrollments,
      completions,
      completionRate: rate(completions, enrollments),
      enrollmentsOverTime: runningTotals(days),
      lessons: lessons.map((lesson) => {
        const completed = completedBy.get(lesson.id) ?? 0;
        return { id: lesson.id, type: lesson.type, completed, completionRate: rate(completed, enrollments) };
      }),
      quizzes: quizIds.map((id) => quizFigures(id, attemptsBy.get(id))),
    };
  }
}
