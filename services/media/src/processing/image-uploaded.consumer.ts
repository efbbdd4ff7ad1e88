import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ImageUploadedPayload, MEDIA_EVENTS } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import { MediaConfig } from '../config/media.config';
import { Media } from '../media/media.entity';
import { ObjectStorage } from '../storage/object-storage';
import { renderVariants, UnprocessableImageError } from './image-variants';

/**
 * The worker's one job. A broken image marks the media failed (with the reason) and is done; a
 * storage or database error is thrown, so the messaging lib retries it and parks it in the DLQ.
 */
@Controller()
export class ImageUploadedConsumer {
  private readonly logger = new Logger(ImageUploadedConsumer.name);

  constructor(
    private readonly em: EntityManager,
    private readonly storage: ObjectStorage,
    private readonly outbox: Outbox,
    private readonly config: MediaConfig,
  ) {}

  @EventPattern(MEDIA_EVENTS.imageUploaded)
  async onImageUploaded(@Payload() payload: ImageUploadedPayload): Promise<void> {
    const media = await this.em.findOne(Media, { id: payload.mediaId });
    // Deleted meanwhile, or already processed (a redelivery): nothing to do.
    if (!media || media.status !== 'processing') return;
    const original = await this.storage.read(media.objectKey);
    let variants;
    try {
      variants = await renderVariants(original, this.config.MAX_IMAGE_PIXELS);
    } catch (error) {
      if (!(error instanceof UnprocessableImageError)) throw error;
      this.logger.warn(`media ${media.id} cannot be processed: ${error.message}`);
      media.status = 'failed';
      media.failureReason = `The image cannot be processed: ${error.message}`;
      this.outbox.record(this.em, MEDIA_EVENTS.imageProcessed, {
        mediaId: media.id,
        ownerId: media.ownerId,
        status: 'failed',
        reason: media.failureReason,
        variants: {},
      });
      return;
    }
    for (const variant of variants) {
      await this.storage.write(media.variantKey(variant.name), variant.body, 'image/webp');
      media.variants = {
        ...media.variants,
        [variant.name]: { key: media.variantKey(variant.name), width: variant.width, height: variant.height },
      };
    }
    media.status = 'ready';
    this.outbox.record(this.em, MEDIA_EVENTS.imageProcessed, {
      mediaId: media.id,
      ownerId: media.ownerId,
      status: 'ready',
      reason: null,
      variants: Object.fromEntries(
        variants.map((variant) => [variant.name, { width: variant.width, height: variant.height }]),
      ),
    });
  }
}
