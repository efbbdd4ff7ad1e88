import type { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  CATALOG_EVENTS,
  type CourseCoverChangedPayload,
  type CourseDeletedPayload,
  type CourseMediaChangedPayload,
} from '@platform/contracts';
import { type EventContext, InvalidEventError } from '@platform/messaging';
import { MediaService } from './media.service';
import { isUuid } from './uuid';

// An absent id is read as null (no image), as the contract types say.
const isUuidOrNull = (value: unknown): boolean => value === null || value === undefined || isUuid(value);
// Events recorded before catalog named the instructor have none.
const isUuidOrAbsent = (value: unknown): boolean => value === undefined || isUuid(value);

const MAX_MEDIA_PER_COURSE = 10_000;
const isUuidList = (value: unknown): boolean =>
  Array.isArray(value) && value.length <= MAX_MEDIA_PER_COURSE && value.every(isUuid);

/**
 * catalog's course events (queue `media`): covers no course uses any more are deleted, and the read
 * model of which courses use which media (who may read them) is kept. Malformed events go to the DLQ.
 */
@Controller()
export class CatalogEventsConsumer {
  constructor(private readonly media: MediaService) {}

  @EventPattern(CATALOG_EVENTS.courseCoverChanged)
  onCoverChanged(@Payload() payload: CourseCoverChangedPayload, @Ctx() context: EventContext): Promise<void> {
    if (
      !isUuid(payload.courseId) ||
      !isUuidOrAbsent(payload.instructorId) ||
      !isUuidOrNull(payload.mediaId) ||
      !isUuidOrNull(payload.previousMediaId)
    ) {
      throw new InvalidEventError(
        `${CATALOG_EVENTS.courseCoverChanged} needs a uuid courseId and instructorId and uuid-or-null media ids`,
      );
    }
    return this.media.coverChanged(context.em as EntityManager, {
      courseId: payload.courseId,
      instructorId: payload.instructorId,
      mediaId: payload.mediaId ?? null,
      previousMediaId: payload.previousMediaId ?? null,
    });
  }

  @EventPattern(CATALOG_EVENTS.courseDeleted)
  onCourseDeleted(@Payload() payload: CourseDeletedPayload, @Ctx() context: EventContext): Promise<void> {
    if (!isUuid(payload.courseId) || !isUuidOrAbsent(payload.instructorId) || !isUuidOrNull(payload.coverMediaId)) {
      throw new InvalidEventError(
        `${CATALOG_EVENTS.courseDeleted} needs a uuid courseId and instructorId and a uuid-or-null coverMediaId`,
      );
    }
    return this.media.courseDeleted(context.em as EntityManager, {
      courseId: payload.courseId,
      revision: payload.revision,
      instructorId: payload.instructorId,
      coverMediaId: payload.coverMediaId ?? null,
    });
  }

  @EventPattern(CATALOG_EVENTS.courseMediaChanged)
  onCourseMediaChanged(@Payload() payload: CourseMediaChangedPayload, @Ctx() context: EventContext): Promise<void> {
    if (
      !isUuid(payload.courseId) ||
      !isUuid(payload.instructorId) ||
      !Number.isSafeInteger(payload.revision) ||
      payload.revision < 1 ||
      typeof payload.published !== 'boolean' ||
      !isUuidOrNull(payload.coverMediaId) ||
      !isUuidList(payload.videoMediaIds) ||
      !isUuidList(payload.captionMediaIds) ||
      !isUuidList(payload.imageMediaIds)
    ) {
      throw new InvalidEventError(
        `${CATALOG_EVENTS.courseMediaChanged} needs uuid courseId and instructorId, a positive revision, a published flag, a uuid-or-null coverMediaId and uuid lists videoMediaIds, captionMediaIds and imageMediaIds`,
      );
    }
    return this.media.courseMediaChanged(context.em as EntityManager, {
      ...payload,
      coverMediaId: payload.coverMediaId ?? null,
    });
  }
}
