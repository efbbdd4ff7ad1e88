import type { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  CATALOG_EVENTS,
  type CourseDeletedPayload,
  type CourseOutlineSnapshot,
  type CourseUnpublishedPayload,
} from '@platform/contracts';
import type { EventContext } from '@platform/messaging';
import { ReadModelService } from './read-model.service';

/**
 * catalog → progress: whole outline snapshots and withdrawals, each in the transport's transaction.
 * Payloads arrive parsed by the transport (libs/contracts' schemas, quiz defaults applied).
 */
@Controller()
export class CatalogEventsConsumer {
  constructor(private readonly readModel: ReadModelService) {}

  @EventPattern(CATALOG_EVENTS.coursePublished)
  async onPublished(
    @Payload() payload: CourseOutlineSnapshot,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
    await this.readModel.applySnapshot(context.em, payload);
  }

  @EventPattern(CATALOG_EVENTS.courseUpdated)
  async onUpdated(
    @Payload() payload: CourseOutlineSnapshot,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
    await this.readModel.applySnapshot(context.em, payload);
  }

  @EventPattern(CATALOG_EVENTS.courseUnpublished)
  async onUnpublished(
    @Payload() payload: CourseUnpublishedPayload,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
    await this.readModel.withdraw(context.em, payload.courseId, payload.revision, 'unpublished');
  }

  @EventPattern(CATALOG_EVENTS.courseDeleted)
  async onDeleted(
    @Payload() payload: CourseDeletedPayload,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
    await this.readModel.withdraw(context.em, payload.courseId, payload.revision, 'deleted');
  }
}
