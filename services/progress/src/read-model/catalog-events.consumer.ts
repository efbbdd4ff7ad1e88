import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CATALOG_EVENTS,
  type CourseDeletedPayload,
  type CourseOutlineSnapshot,
  type CourseUnpublishedPayload,
} from '@platform/contracts';
import { InvalidEventError } from '@platform/messaging';
import { ReadModelService } from './read-model.service';

function assertSnapshot(payload: CourseOutlineSnapshot): void {
  if (typeof payload.courseId !== 'string' || !Number.isInteger(payload.revision) || !Array.isArray(payload.sections)) {
    throw new InvalidEventError('course snapshot needs courseId, revision and sections');
  }
}

@Controller()
export class CatalogEventsConsumer {
  constructor(private readonly readModel: ReadModelService) {}

  @EventPattern(CATALOG_EVENTS.coursePublished)
  onPublished(@Payload() payload: CourseOutlineSnapshot): Promise<void> {
    assertSnapshot(payload);
    return this.readModel.applySnapshot(payload);
  }

  @EventPattern(CATALOG_EVENTS.courseUpdated)
  onUpdated(@Payload() payload: CourseOutlineSnapshot): Promise<void> {
    assertSnapshot(payload);
    return this.readModel.applySnapshot(payload);
  }

  @EventPattern(CATALOG_EVENTS.courseUnpublished)
  onUnpublished(@Payload() payload: CourseUnpublishedPayload): Promise<void> {
    return this.readModel.withdraw(payload.courseId, payload.revision);
  }

  @EventPattern(CATALOG_EVENTS.courseDeleted)
  onDeleted(@Payload() payload: CourseDeletedPayload): Promise<void> {
    return this.readModel.withdraw(payload.courseId, payload.revision);
  }
}
