import type { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CATALOG_EVENTS, type CourseMediaChangedPayload } from '@platform/contracts';
import type { EventContext } from '@platform/messaging';
import { MediaService } from './media.service';

/**
 * catalog's `course.media-changed` (queue `media`): the read model of which courses use which media
 * (who may read them). Cover events: covers/. The transport parsed the payload against libs/contracts;
 * a malformed one went to the DLQ.
 */
@Controller()
export class CatalogEventsConsumer {
  constructor(private readonly media: MediaService) {}

  @EventPattern(CATALOG_EVENTS.courseMediaChanged)
  onCourseMediaChanged(
    @Payload() payload: CourseMediaChangedPayload,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
    return this.media.courseMediaChanged(context.em, payload);
  }
}
