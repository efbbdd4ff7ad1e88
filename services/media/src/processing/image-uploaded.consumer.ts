import type { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type ImageUploadedPayload, MEDIA_EVENTS } from '@platform/contracts';
import { type EventContext, InvalidEventError } from '@platform/messaging';
import { isUuid } from '../media/uuid';
import { ImageProcessingService } from './image-processing.service';

/** The worker's one subscription: `media.image.uploaded` on its own queue (`media-worker`). */
@Controller()
export class ImageUploadedConsumer {
  constructor(private readonly processing: ImageProcessingService) {}

  @EventPattern(MEDIA_EVENTS.imageUploaded)
  onImageUploaded(
    @Payload() payload: ImageUploadedPayload,
    @Ctx() context: EventContext<EntityManager>,
  ): Promise<void> {
    // A malformed event can never be processed: straight to the dead-letter queue, no retries.
    if (!isUuid(payload.mediaId)) throw new InvalidEventError('media.image.uploaded needs a uuid mediaId');
    return this.processing.process(context.em, payload.mediaId, new Date(context.envelope.occurredAt));
  }
}
