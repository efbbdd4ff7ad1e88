import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CATALOG_EVENTS } from '@platform/contracts';
import type { EventContext } from '@platform/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReadModelService } from './read-model.service';
import { parseSnapshot, parseWithdrawal } from './snapshot-validation';

/** catalog → progress: whole outline snapshots and withdrawals, each in the transport's transaction. */
@Controller()
export class CatalogEventsConsumer {
  constructor(private readonly readModel: ReadModelService) {}

  @EventPattern(CATALOG_EVENTS.coursePublished)
  async onPublished(@Payload() payload: unknown, @Ctx() context: EventContext<EntityManager>): Promise<void> {
    await this.readModel.applySnapshot(context.em, parseSnapshot(payload));
  }

  @EventPattern(CATALOG_EVENTS.courseUpdated)
  async onUpdated(@Payload() payload: unknown, @Ctx() context: EventContext<EntityManager>): Promise<void> {
    await this.readModel.applySnapshot(context.em, parseSnapshot(payload));
  }

  @EventPattern(CATALOG_EVENTS.courseUnpublished)
  async onUnpublished(@Payload() payload: unknown, @Ctx() context: EventContext<EntityManager>): Promise<void> {
    const { courseId, revision } = parseWithdrawal(payload);
    await this.readModel.withdraw(context.em, courseId, revision, 'unpublished');
  }

  @EventPattern(CATALOG_EVENTS.courseDeleted)
  async onDeleted(@Payload() payload: unknown, @Ctx() context: EventContext<EntityManager>): Promise<void> {
    const { courseId, revision } = parseWithdrawal(payload);
    await this.readModel.withdraw(context.em, courseId, revision, 'deleted');
  }
}
