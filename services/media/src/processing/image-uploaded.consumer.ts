import type { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type ImageUploadedPayload, MEDIA_EVENTS } from '@platform/contracts';
import type { EventContext } from '@platform/messaging';
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
    // The transport parsed the payload (libs/contracts): a malformed one went to the DLQ instead.
    return this.processing.process(context.em, payload.mediaId, new Date(context.envelope.occurredAt));
  }
}
