import type { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CATALOG_EVENTS, type CourseCoverChangedPayload, type CourseDeletedPayload } from '@platform/contracts';
import type { EventContext } from '@platform/messaging';
import { CoversService } from './covers.service';

/**
 * catalog's cover events (queue `media`): covers no course uses any more are deleted. The transport
 * parsed each payload against libs/contracts (absent media ids read as null); malformed ones went to the DLQ.
 */
@Controller()
export class CatalogCoverEventsConsumer {
  constructor(private readonly covers: CoversService) {}

  @EventPattern(CATALOG_EVENTS.courseCoverChanged)
  onCoverChanged(
    @Payload() payload: CourseCoverChangedPayload,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
    return this.covers.coverChanged(context.em, payload);
  }

  @EventPattern(CATALOG_EVENTS.courseDeleted)
  onCourseDeleted(
    @Payload() payload: CourseDeletedPayload,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
    return this.covers.courseDeleted(context.em, payload);
  }
}
