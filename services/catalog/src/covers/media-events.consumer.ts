import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type ImageProcessedPayload, MEDIA_EVENTS, type VideoUploadedPayload } from '@platform/contracts';
import { type EventContext, InvalidEventError } from '@platform/messaging';
import { CoversService } from './covers.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed report can never be applied: straight to the dead-letter queue. */
function assertImageReport(payload: ImageProcessedPayload): void {
  const variants: unknown = payload.variants;
  if (
    typeof payload.mediaId !== 'string' ||
    !UUID.test(payload.mediaId) ||
    typeof payload.ownerId !== 'string' ||
    !UUID.test(payload.ownerId) ||
    !['ready', 'failed'].includes(payload.status) ||
    (variants !== undefined && variants !== null && (typeof variants !== 'object' || Array.isArray(variants)))
  ) {
    throw new InvalidEventError(
      'media.image.processed needs a uuid mediaId and ownerId, status ready|failed and a variants object',
    );
  }
}

function assertVideoReport(payload: VideoUploadedPayload): void {
  if (
    typeof payload.mediaId !== 'string' ||
    !UUID.test(payload.mediaId) ||
    typeof payload.ownerId !== 'string' ||
    !UUID.test(payload.ownerId)
  ) {
    throw new InvalidEventError('media.video.uploaded needs a uuid mediaId and ownerId');
  }
}

@Controller()
export class MediaEventsConsumer {
  constructor(private readonly covers: CoversService) {}

  @EventPattern(MEDIA_EVENTS.imageProcessed)
  onImageProcessed(@Payload() payload: ImageProcessedPayload, @Ctx() context: EventContext): Promise<void> {
    assertImageReport(payload);
    return this.covers.recordImageReport(context.em, payload);
  }

  @EventPattern(MEDIA_EVENTS.videoUploaded)
  onVideoUploaded(@Payload() payload: VideoUploadedPayload, @Ctx() context: EventContext): Promise<void> {
    assertVideoReport(payload);
    return this.covers.recordVideoReport(context.em, payload);
  }
}
