import { Injectable } from '@nestjs/common';
import { DependencyUnavailableError, NotFoundError, PreparedStatements } from '@platform/service-kit';
import type { CourseStatus } from '../read-model/course-model.entity';
import { type Outline, outlineOf, renderCourseProgress } from './course-progress.view';
import { OutlineCache } from './outline-cache';
import { OUTLINE_STATEMENT, STATE_STATEMENT } from './course-progress.statements';

interface StateRow {
  revision: number;
  status: CourseStatus;
  ever_published: boolean;
  enrolled: boolean;
  certificate_id: string | null;
  /** Comma-separated ids of the lessons of this course the learner completed, or null when none. */
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

  constructor(private readonly db: PreparedStatements) {}

  /** The learner's progress as JSON text (see renderCourseProgress). */
  async read(userId: string, courseId: string): Promise<string> {
    for (let read = 0; read < MAX_READS; read++) {
      const [state] = await this.db.rows<StateRow>(STATE_STATEMENT, [userId, courseId]);
      // A course never published (or only a tombstone) is unknown; so is a withdrawn one to a
      // learner who was never enrolled in it. A published course one is not enrolled in is an
      // answer, not an error (`enrolled: false`, nothing completed): a course page asks it of
      // every signed-in visitor, and a 4xx there would be noise in every browser's console.
      if (!state || !state.ever_published) throw new NotFoundError('Course', courseId);
      if (!state.enrolled && state.status !== 'published') throw new NotFoundError('Course', courseId);
      const outline = this.outlines.get(courseId, state.revision) ?? (await this.loadOutline(courseId, state.revision));
      if (outline) {
        const completed = new Set(state.enrolled && state.completed ? state.completed.split(',') : []);
        return renderCourseProgress(courseId, state.status, outline, completed, {
          enrolled: state.enrolled,
          certificateId: state.certificate_id,
        });
      }
    }
    throw new DependencyUnavailableError('The course is changing right now: try again');
  }

  private async loadOutline(courseId: string, revision: number): Promise<Outline | undefined> {
    const found = await this.db.rows<{ section_id: string | null; lesson_id: string | null }>(OUTLINE_STATEMENT, [
      courseId,
      revision,
    ]);
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
