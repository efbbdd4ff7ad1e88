import type { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CATALOG_EVENTS, type CourseMediaChangedPayload } from '@platform/contracts';
import { type EventContext, InvalidEventError } from '@platform/messaging';
import { MediaService } from './media.service';
import { isUuid, isUuidOrNull } from './uuid';

const MAX_MEDIA_PER_COURSE = 10_000;
const isUuidList = (value: unknown): boolean =>
  Array.isArray(value) && value.length <= MAX_MEDIA_PER_COURSE && value.every(isUuid);

/**
 * catalog's `course.media-changed` (queue `media`): the read model of which courses use which media
 * (who may read them). Cover events: covers/. Malformed events go to the DLQ.
 */
@Controller()
export class CatalogEventsConsumer {
  constructor(private readonly media: MediaService) {}

  @EventPattern(CATALOG_EVENTS.courseMediaChanged)
  onCourseMediaChanged(
    @Payload() payload: CourseMediaChangedPayload,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
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
    return this.media.courseMediaChanged(context.em, {
      ...payload,
      coverMediaId: payload.coverMediaId ?? null,
    });
  }
}
