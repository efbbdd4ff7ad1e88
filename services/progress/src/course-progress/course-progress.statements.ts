// The hot read path's two statements, in a file of their own so that bench/progress runs the same
// SQL (docs/decisions/hot-read-path.md).
import type { PreparedStatement } from '@platform/service-kit';

/**
 * The learner's state in one statement: the course's revision and status, enrolment, certificate
 * and the ids of their completed lessons as one comma-separated text. Ids of lessons a later
 * revision removed may be among them: the cached outline decides which count, not a join.
 */
export const STATE_SQL = `
select c.revision, c.status, c.ever_published,
       exists(select 1 from enrollments e where e.user_id = $1 and e.course_id = c.id) as enrolled,
       (select ce.id from certificates ce where ce.user_id = $1 and ce.course_id = c.id) as certificate_id,
       (select string_agg(cp.lesson_id::text, ',')
          from completions cp
         where cp.user_id = $1 and cp.course_id = c.id) as completed
  from course_models c
 where c.id = $2`;

/** The outline at exactly that revision (nothing if a newer snapshot landed in between). */
export const OUTLINE_SQL = `
select s.id as section_id, l.id as lesson_id
  from course_models c
  left join section_models s on s.course_id = c.id
  left join lesson_models l on l.section_id = s.id and l.course_id = c.id
 where c.id = $1 and c.revision = $2
 order by s.position, s.id, l.position, l.id`;

export const STATE_STATEMENT: PreparedStatement = { name: 'progress_course_state', text: STATE_SQL };
export const OUTLINE_STATEMENT: PreparedStatement = { name: 'progress_course_outline', text: OUTLINE_SQL };
