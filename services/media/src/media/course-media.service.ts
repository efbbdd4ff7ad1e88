import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CourseMediaChangedPayload } from '@platform/contracts';
import { CourseMediaUse, type CourseMediaUseKind, KnownCourse } from './course-media.entity';

/** Who may read a media file because a published course uses it. */
export type CourseAudience = 'anyone' | 'signed-in';

/**
 * media's read model of catalog's courses (event `catalog.course.media-changed`): which files each
 * course uses and whether it is published. media never reads catalog's database.
 */
@Injectable()
export class CourseMediaReadModel {
  constructor(private readonly em: EntityManager) {}

  /**
   * Applies a course's state at one revision, in the consumer's transaction (`em`), unless a newer
   * (or the same) revision is already known: redelivered and out-of-order events change nothing.
   * The course's row is locked first, so two events of one course apply one after the other.
   */
  async apply(em: EntityManager, change: CourseMediaChangedPayload): Promise<void> {
    await em
      .getConnection()
      .execute(
        'insert into known_courses (course_id, revision, instructor_id, published, updated_at) values (?, 0, ?, false, now()) on conflict (course_id) do nothing',
        [change.courseId, change.instructorId],
        'run',
        em.getTransactionContext(),
      );
    const course = await em.findOneOrFail(
      KnownCourse,
      { courseId: change.courseId },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (course.revision >= change.revision) return;
    course.revision = change.revision;
    course.instructorId = change.instructorId;
    course.published = change.published;
    course.updatedAt = new Date();
    await em.nativeDelete(CourseMediaUse, { courseId: change.courseId });
    const uses: Array<[CourseMediaUseKind, readonly string[]]> = [
      ['cover', change.coverMediaId ? [change.coverMediaId] : []],
      ['video', change.videoMediaIds],
      ['captions', change.captionMediaIds],
      ['image', change.imageMediaIds],
    ];
    for (const [kind, ids] of uses) {
      for (const mediaId of new Set(ids.map((id) => id.toLowerCase()))) {
        em.persist(new CourseMediaUse(change.courseId, mediaId, kind));
      }
    }
  }

  /**
   * Who may read `mediaId` because a published course of its owner uses it: anyone for a cover or
   * an image in a lesson (the catalogue and lesson pages show them through plain `<img>` tags),
   * signed-in users for a lesson's video and its captions; undefined if no such course uses it. A course counts only
   * when its instructor uploaded the file: naming somebody else's file never makes it readable.
   * Only images are ever public: a video named as a cover or image is for signed-in users still.
   */
  async audienceOf(mediaId: string, ownerId: string, image: boolean): Promise<CourseAudience | undefined> {
    const rows = await this.em.getConnection().execute<Array<{ kind: CourseMediaUseKind }>>(
      `select distinct u.kind from course_media_uses u join known_courses c on c.course_id = u.course_id
         where u.media_id = ? and c.published and c.instructor_id = ?`,
      [mediaId, ownerId],
    );
    if (image && rows.some((row) => row.kind === 'cover' || row.kind === 'image')) return 'anyone';
    return rows.length > 0 ? 'signed-in' : undefined;
  }
}
