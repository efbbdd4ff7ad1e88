// The hot read path's two statements, on their own so that bench/progress runs the very same SQL
// in its reference server (node:http + pg, no framework).

/**
 * The learner's state in one statement: the course's revision and status, whether they are
 * enrolled, their certificate of the course if any (the unique (user, course) index), and the ids of the lessons of this course they completed (an index-only scan of
 * completions (user_id, course_id, lesson_id)). Lessons a later revision removed may be among
 * them: renderCourseProgress counts only the outline's lessons, so which of them are current is
 * decided against the cached outline instead of by a join with lesson_models in every read (the
 * join built a hash of the course's lessons per execution, ~15-25 % of the statement's
 * throughput). The ids come back as one comma-separated text: splitting it is much cheaper than
 * parsing a PostgreSQL array literal.
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
