import { Injectable } from '@nestjs/common';
import { DependencyUnavailableError, ForbiddenError, NotFoundError } from '@platform/service-kit';
import type { CourseStatus } from '../read-model/course-model.entity';
import { type Outline, outlineOf, renderCourseProgress } from './course-progress.view';
import { OutlineCache } from './outline-cache';
import { PreparedQueries } from './prepared-queries';

/**
 * The learner's state in one statement: the course's revision and status, whether they are
 * enrolled, and which of the course's *current* lessons they completed (completed ∩ current, via
 * the (user_id, course_id, lesson_id) index and the lessons' primary key). The ids come back as
 * one comma-separated text: splitting it is much cheaper than parsing a PostgreSQL array literal.
 */
const STATE_SQL = `
select c.revision, c.status, c.ever_published,
       exists(select 1 from enrollments e where e.user_id = $1 and e.course_id = c.id) as enrolled,
       (select string_agg(cp.lesson_id::text, ',')
          from completions cp join lesson_models l on l.id = cp.lesson_id and l.course_id = c.id
         where cp.user_id = $1 and cp.course_id = c.id) as completed
  from course_models c
 where c.id = $2`;

/** The outline at exactly that revision (nothing if a newer snapshot landed in between). */
const OUTLINE_SQL = `
select s.id as section_id, l.id as lesson_id
  from course_models c
  left join section_models s on s.course_id = c.id
  left join lesson_models l on l.section_id = s.id and l.course_id = c.id
 where c.id = $1 and c.revision = $2
 order by s.position, s.id, l.position, l.id`;

interface StateRow {
  revision: number;
  status: CourseStatus;
  ever_published: boolean;
  enrolled: boolean;
  /** Comma-separated ids of the completed current lessons, or null when there are none. */
  completed: string | null;
}

/** Bounded retries of the rare race where the outline changes between the two reads. */
const MAX_READS = 3;

/**
 * GET /courses/:courseId, the hot read path: one prepared statement per request while the
 * course's outline at its current revision is cached in this process, two when it is not (first
 * read of a course here, or a new revision). No per-lesson queries whatever the course's size.
 */
@Injectable()
export class CourseProgressReader {
  private readonly outlines = new OutlineCache(2000);

  constructor(private readonly db: PreparedQueries) {}

  /** The learner's progress as JSON text (see renderCourseProgress). */
  async read(userId: string, courseId: string): Promise<string> {
    for (let read = 0; read < MAX_READS; read++) {
      const [state] = await this.db.rows<StateRow>('progress_course_state', STATE_SQL, [userId, courseId]);
      // A course never published (or only a tombstone) is unknown; so is a withdrawn one to a
      // learner who was never enrolled in it. A published course one is not enrolled in: 403.
      if (!state || !state.ever_published) throw new NotFoundError('Course', courseId);
      if (!state.enrolled) {
        if (state.status !== 'published') throw new NotFoundError('Course', courseId);
        throw new ForbiddenError('Enrol in the course to see your progress');
      }
      const outline = this.outlines.get(courseId, state.revision) ?? (await this.loadOutline(courseId, state.revision));
      if (outline) {
        const completed = new Set(state.completed ? state.completed.split(',') : []);
        return renderCourseProgress(courseId, state.status, outline, completed);
      }
    }
    throw new DependencyUnavailableError('The course is changing right now: try again');
  }

  private async loadOutline(courseId: string, revision: number): Promise<Outline | undefined> {
    const found = await this.db.rows<{ section_id: string | null; lesson_id: string | null }>(
      'progress_course_outline',
      OUTLINE_SQL,
      [courseId, revision],
    );
    if (found.length === 0) return undefined;
    const sections: Array<{ id: string; lessonIds: string[] }> = [];
    for (const row of found) {
      if (!row.section_id) continue;
      let section = sections[sections.length - 1];
      if (!section || section.id !== row.section_id) {
        section = { id: row.section_id, lessonIds: [] };
        sections.push(section);
      }
      if (row.lesson_id) section.lessonIds.push(row.lesson_id);
    }
    const outline = outlineOf(revision, sections);
    this.outlines.set(courseId, outline);
    return outline;
  }
}
