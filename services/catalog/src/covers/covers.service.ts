import type { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { ImageProcessedPayload, VideoUploadedPayload } from '@platform/contracts';
import { MediaImage } from './media-image.entity';
import { MediaVideo } from './media-video.entity';

@Injectable()
export class CoversService {
  /**
   * Records what media reports about an image, whether or not a course names it as its cover yet:
   * the web app sets the cover right after the upload completes, so the report often arrives first.
   * A course shows cover URLs only for the image it currently names (course.views). Idempotent:
   * the latest report about an image wins, a redelivery changes nothing.
   */
  async recordImageReport(em: EntityManager, report: ImageProcessedPayload): Promise<void> {
    const variants = Object.keys(report.variants ?? {}).sort();
    const image = await em.findOne(MediaImage, { mediaId: report.mediaId });
    if (!image) {
      em.persist(new MediaImage(report.mediaId, report.ownerId, report.status, variants));
      return;
    }
    image.ownerId = report.ownerId;
    image.status = report.status;
    image.variants = variants;
    image.updatedAt = new Date();
  }

  /** Records who uploaded a video (lessons may use only their instructor's). Idempotent. */
  async recordVideoReport(em: EntityManager, report: VideoUploadedPayload): Promise<void> {
    const video = await em.findOne(MediaVideo, { mediaId: report.mediaId });
    if (video) video.ownerId = report.ownerId;
    else em.persist(new MediaVideo(report.mediaId, report.ownerId));
  }
}
