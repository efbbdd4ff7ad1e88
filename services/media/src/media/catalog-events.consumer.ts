import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CATALOG_EVENTS, type CourseCoverChangedPayload, type CourseDeletedPayload } from '@platform/contracts';
import { MediaService } from './media.service';

/** Covers no course uses any more are deleted. */
@Controller()
export class CatalogEventsConsumer {
  constructor(private readonly media: MediaService) {}

  @EventPattern(CATALOG_EVENTS.courseCoverChanged)
  onCoverChanged(@Payload() payload: CourseCoverChangedPayload): Promise<void> {
    return this.media.discardUnusedImage(payload.previousMediaId);
  }

  @EventPattern(CATALOG_EVENTS.courseDeleted)
  onCourseDeleted(@Payload() payload: CourseDeletedPayload): Promise<void> {
    return this.media.discardUnusedImage(payload.coverMediaId);
  }
}
