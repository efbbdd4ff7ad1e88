import type { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CATALOG_EVENTS, type CourseCoverChangedPayload, type CourseDeletedPayload } from '@platform/contracts';
import { type EventContext, InvalidEventError } from '@platform/messaging';
import { isUuid, isUuidOrNull } from '../media/uuid';
import { CoversService } from './covers.service';

// Events recorded before catalog named the instructor have none.
const isUuidOrAbsent = (value: unknown): boolean => value === undefined || isUuid(value);

/** catalog's cover events (queue `media`): covers no course uses any more are deleted. Malformed events go to the DLQ. */
@Controller()
export class CatalogCoverEventsConsumer {
  constructor(private readonly covers: CoversService) {}

  @EventPattern(CATALOG_EVENTS.courseCoverChanged)
  onCoverChanged(
    @Payload() payload: CourseCoverChangedPayload,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
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
    return this.covers.coverChanged(context.em, {
      courseId: payload.courseId,
      instructorId: payload.instructorId,
      mediaId: payload.mediaId ?? null,
      previousMediaId: payload.previousMediaId ?? null,
    });
  }

  @EventPattern(CATALOG_EVENTS.courseDeleted)
  onCourseDeleted(
    @Payload() payload: CourseDeletedPayload,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
    if (!isUuid(payload.courseId) || !isUuidOrAbsent(payload.instructorId) || !isUuidOrNull(payload.coverMediaId)) {
      throw new InvalidEventError(
        `${CATALOG_EVENTS.courseDeleted} needs a uuid courseId and instructorId and a uuid-or-null coverMediaId`,
      );
    }
    return this.covers.courseDeleted(context.em, {
      courseId: payload.courseId,
      revision: payload.revision,
      instructorId: payload.instructorId,
      coverMediaId: payload.coverMediaId ?? null,
    });
  }
}
