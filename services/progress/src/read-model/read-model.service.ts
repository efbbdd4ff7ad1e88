import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CourseOutlineSnapshot } from '@platform/contracts';
import { CourseCompletion } from '../completion/course-completion';
import { changed, rows } from '../database/sql';
import type { CourseStatus } from './course-model.entity';

export type SnapshotOutcome = 'applied' | 'stale';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Keeps progress's copy of each course from catalog's events. Runs in the consumer's transaction
 * (together with the inbox row), so an event is applied whole or not at all.
 *
 * Order: the course row is claimed first with a guarded upsert (`... where revision < new`), which
 * both rejects a revision not newer than the stored one (redeliveries, late retries) and holds the
 * row's lock until commit, so two snapshots of one course never interleave and learners' writes
 * (which take a SHARE lock on that row) see either the old outline or the new one, never a mix.
 */
@Injectable()
export class ReadModelService {
  constructor(private readonly completion: CourseCompletion) {}

  /** Replaces the course's sections and lessons with the snapshot's if it is newer. */
  async applySnapshot(em: EntityManager, snapshot: CourseOutlineSnapshot): Promise<SnapshotOutcome> {
    const claimed = await rows(
      em,
      `insert into course_models (id, revision, title, status, ever_published, instructor_id)
       values (?, ?, ?, 'published', true, ?)
       on conflict (id) do update
         set revision = excluded.revision, title = excluded.title, status = 'published', ever_published = true,
           instructor_id = excluded.instructor_id
         where course_models.revision < excluded.revision
       returning id`,
      [
        snapshot.courseId,
        snapshot.revision,
        snapshot.title,
        UUID.test(snapshot.instructorId) ? snapshot.instructorId : null,
      ],
    );
    if (claimed.length === 0) return 'stale';
    const courseId = snapshot.courseId;
    await changed(em, 'delete from lesson_models where course_id = ?', [courseId]);
    await changed(em, 'delete from section_models where course_id = ?', [courseId]);
    const sections = snapshot.sections.map((section) => [section.sectionId, courseId, section.position]);
    if (sections.length > 0) {
      // A section or lesson id seen under another course moves here (ids are catalog's, globally unique).
      await changed(
        em,
        `insert into section_models (id, course_id, position) values ${sections.map(() => '(?, ?, ?)').join(', ')}
         on conflict (id) do update set course_id = excluded.course_id, position = excluded.position`,
        sections.flat(),
      );
    }
    const lessons = snapshot.sections.flatMap((section) =>
      section.lessons.map((lesson) => [
        lesson.lessonId,
        courseId,
        section.sectionId,
        lesson.position,
        lesson.type,
        lesson.quiz ? JSON.stringify(lesson.quiz) : null,
      ]),
    );
    if (lessons.length > 0) {
      const ids = lessons.map(([id]) => id);
      const placeholders = ids.map(() => '?').join(', ');
      // Lessons of another course's outline that now belong here (catalog never does this today;
      // ids are globally unique, so such a lesson moves): found by primary key before the upsert.
      const moved = await rows<{ id: string }>(
        em,
        `select id from lesson_models where id in (${placeholders}) and course_id <> ?`,
        [...ids, courseId],
      );
      await changed(
        em,
        `insert into lesson_models (id, course_id, section_id, position, type, quiz)
         values ${lessons.map(() => '(?, ?, ?, ?, ?, ?::jsonb)').join(', ')}
         on conflict (id) do update set course_id = excluded.course_id, section_id = excluded.section_id,
           position = excluded.position, type = excluded.type, quiz = excluded.quiz`,
        lessons.flat(),
      );
      if (moved.length > 0) {
        // Their completions follow them, so the figure's (user, course, lesson) index finds them.
        await changed(
          em,
          `update completions set course_id = ? where lesson_id in (${moved.map(() => '?').join(', ')})`,
          [courseId, ...moved.map((lesson) => lesson.id)],
        );
      }
    }
    await this.completion.stampCompletedLearners(em, courseId);
    return 'applied';
  }

  /**
   * Unpublished or deleted: no new enrolments, completions or attempts; enrolled learners keep
   * reading their progress (with the course's status). Unknown course: a tombstone, so that a late
   * older snapshot cannot publish it again.
   */
  async withdraw(
    em: EntityManager,
    courseId: string,
    revision: number,
    status: Exclude<CourseStatus, 'published'>,
  ): Promise<SnapshotOutcome> {
    const claimed = await rows(
      em,
      `insert into course_models (id, revision, title, status, ever_published) values (?, ?, '', ?, false)
       on conflict (id) do update set revision = excluded.revision, status = excluded.status
         where course_models.revision < excluded.revision
       returning id`,
      [courseId, revision, status],
    );
    return claimed.length === 0 ? 'stale' : 'applied';
  }
}
