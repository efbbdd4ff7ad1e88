import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type ImageProcessedPayload, MEDIA_EVENTS, type VideoUploadedPayload } from '@platform/contracts';
import type { EventContext } from '@platform/messaging';
import { CoversService } from './covers.service';

/** media's reports; their payloads were parsed by the consumer transport against libs/contracts. */
@Controller()
export class MediaEventsConsumer {
  constructor(private readonly covers: CoversService) {}

  @EventPattern(MEDIA_EVENTS.imageProcessed)
  onImageProcessed(@Payload() payload: ImageProcessedPayload, @Ctx() context: EventContext): Promise<void> {
    return this.covers.recordImageReport(context.em, payload);
  }

  @EventPattern(MEDIA_EVENTS.videoUploaded)
  onVideoUploaded(@Payload() payload: VideoUploadedPayload, @Ctx() context: EventContext): Promise<void> {
    return this.covers.recordVideoReport(context.em, payload);
  }
}
