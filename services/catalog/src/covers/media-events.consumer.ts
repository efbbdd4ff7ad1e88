import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ImageProcessedPayload, MEDIA_EVENTS } from '@platform/contracts';
import { InvalidEventError } from '@platform/messaging';
import { MediaImage } from './media-image.entity';

@Controller()
export class MediaEventsConsumer {
  constructor(private readonly em: EntityManager) {}

  /** Idempotent upsert: the latest report about an image wins. */
  @EventPattern(MEDIA_EVENTS.imageProcessed)
  async onImageProcessed(@Payload() payload: ImageProcessedPayload): Promise<void> {
    if (typeof payload.mediaId !== 'string' || !['ready', 'failed'].includes(payload.status)) {
      throw new InvalidEventError('media.image.processed needs mediaId and status ready|failed');
    }
    const image = await this.em.findOne(MediaImage, { mediaId: payload.mediaId });
    const variants = Object.keys(payload.variants ?? {});
    if (image) {
      image.status = payload.status;
      image.variants = variants;
      image.updatedAt = new Date();
    } else {
      this.em.persist(new MediaImage(payload.mediaId, payload.status, variants));
    }
  }
}
