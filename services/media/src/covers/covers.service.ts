import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CourseCoverChangedPayload, CourseDeletedPayload } from '@platform/contracts';
import { Media } from '../media/media.entity';
import { MediaRemoval } from '../media/media-removal';

/** Which courses use each cover image, and deleting an image once none does. */
@Injectable()
export class CoversService {
  constructor(private readonly removal: MediaRemoval) {}

  /**
   * catalog's cover events: an image a course starts using is remembered as used by it; one it stops
   * using (cover replaced, course deleted) is deleted once no course uses it any more. Only an image
   * the course's instructor uploaded counts: a course naming somebody else's image (catalog refuses
   * that when it can, but media's report may reach catalog after the cover is set) neither uses it
   * nor deletes it on release (nor does an event without `instructorId`). Idempotent: a redelivered
   * event finds the same state. Runs in the consumer's transaction (`em`).
   */
  async coverChanged(em: EntityManager, change: CourseCoverChangedPayload): Promise<void> {
    const { courseId, mediaId, previousMediaId, instructorId } = change;
    if (mediaId) {
      const cover = await this.lockCover(em, mediaId);
      if (cover && ownedBy(cover, instructorId)) cover.useFor(courseId);
    }
    if (previousMediaId && previousMediaId !== mediaId)
      await this.releaseCover(em, courseId, previousMediaId, instructorId);
  }

  async courseDeleted(em: EntityManager, deleted: CourseDeletedPayload): Promise<void> {
    if (deleted.coverMediaId) await this.releaseCover(em, deleted.courseId, deleted.coverMediaId, deleted.instructorId);
  }

  private lockCover(em: EntityManager, mediaId: string): Promise<Media | null> {
    return em.findOne(Media, { id: mediaId, purpose: 'course-cover' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  private async releaseCover(
    em: EntityManager,
    courseId: string,
    mediaId: string,
    instructorId: string | undefined,
  ): Promise<void> {
    const cover = await this.lockCover(em, mediaId);
    if (!cover) return;
    if (!ownedBy(cover, instructorId) || cover.usedBy.some((id) => id !== courseId)) return cover.releaseFrom(courseId);
    // In the handler's transaction, which commits after this returns; if it does not, the event is
    // redelivered and deleting the objects again is harmless.
    await this.removal.deleteRow(em, cover);
    await this.removal.deleteObjects(cover);
  }
}

function ownedBy(cover: Media, instructorId: string | undefined): boolean {
  return instructorId === undefined || cover.ownerId === instructorId;
}
