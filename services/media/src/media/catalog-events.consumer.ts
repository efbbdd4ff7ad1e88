import type { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  CATALOG_EVENTS,
  type CourseCoverChangedPayload,
  type CourseDeletedPayload,
  type CourseMediaChangedPayload,
} from '@platform/contracts';
import type { EventContext } from '@platform/messaging';
import { MediaService } from './media.service';

/**
 * catalog's course events (queue `media`): covers no course uses any more are deleted, and the read
 * model of which courses use which media (who may read them) is kept. The transport parsed each payload
 * against libs/contracts (absent media ids read as null); malformed ones went to the DLQ instead.
 */
@Controller()
export class CatalogEventsConsumer {
  constructor(private readonly media: MediaService) {}

  @EventPattern(CATALOG_EVENTS.courseCoverChanged)
  onCoverChanged(@Payload() payload: CourseCoverChangedPayload, @Ctx() context: EventContext): Promise<void> {
    return this.media.coverChanged(context.em as EntityManager, payload);
  }

  @EventPattern(CATALOG_EVENTS.courseDeleted)
  onCourseDeleted(@Payload() payload: CourseDeletedPayload, @Ctx() context: EventContext): Promise<void> {
    return this.media.courseDeleted(context.em as EntityManager, payload);
  }

  @EventPattern(CATALOG_EVENTS.courseMediaChanged)
  onCourseMediaChanged(@Payload() payload: CourseMediaChangedPayload, @Ctx() context: EventContext): Promise<void> {
    return this.media.courseMediaChanged(context.em as EntityManager, payload);
  }
}
