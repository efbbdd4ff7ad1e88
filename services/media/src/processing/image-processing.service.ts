import { type EntityManager, LockMode, MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { MEDIA_EVENTS, PLATFORM_METRICS } from '@platform/contracts';
import { InvalidEventError, Outbox } from '@platform/messaging';
import { counter, histogram } from '@platform/service-kit';
import { MediaConfig } from '../config/media.config';
import { Media } from '../media/media.entity';
import { ObjectStorage } from '../storage/object-storage';
import { ImageRenderer, type RenderedVariant, UnprocessableImageError } from './image-renderer';

const processed = counter({
  name: PLATFORM_METRICS.imagesProcessed.name,
  help: 'Images the worker finished, by outcome (ready, failed)',
  labelNames: ['outcome'],
});
const processingSeconds = histogram({
  name: PLATFORM_METRICS.imageProcessing.name,
  help: 'Read original, render every variant, store them',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});
const pipelineSeconds = histogram({
  name: PLATFORM_METRICS.imagePipeline.name,
  help: 'Upload completed (media.image.uploaded occurred) to the variants stored and the media ready, queueing and retries included',
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
});

/**
 * The worker's rules. A broken image (corrupt, a decompression bomb, too slow) marks its media
 * failed with the reason and is done: retrying cannot help. A storage or database error is thrown,
 * so the messaging lib retries it with backoff and parks it in the DLQ after WORKER_MAX_ATTEMPTS.
 * Runs in the consumer's transaction: the status and `media.image.processed` commit together.
 */
@Injectable()
export class ImageProcessingService {
  private readonly logger = new Logger(ImageProcessingService.name);

  /**
   * Renders started without finishing that make an image poison: more than the lib's retries of
   * storage errors, so only an image that keeps killing the worker (out of memory, a crash in a
   * decoder) reaches it. Such a delivery is not counted by the lib (the worker died holding it),
   * so without this the broker would hand it to the next worker forever.
   */
  private readonly maxRenderAttempts: number;

  constructor(
    private readonly orm: MikroORM,
    private readonly storage: ObjectStorage,
    private readonly renderer: ImageRenderer,
    private readonly outbox: Outbox,
    config: MediaConfig,
  ) {
    this.maxRenderAttempts = config.WORKER_MAX_ATTEMPTS + 2;
  }

  /** `uploadedAt`: when the upload was completed (the event's occurredAt), the pipeline's start. */
  async process(em: EntityManager, mediaId: string, uploadedAt: Date): Promise<void> {
    const media = await em.findOne(Media, { id: mediaId });
    // Deleted meanwhile, or already processed (a redelivery): nothing to do.
    if (!media || media.status !== 'processing') return;
    const stopTimer = processingSeconds.startTimer();
    const original = await this.storage.readIfExists(media.objectKey);
    if (!original) return this.fail(em, media, 'The uploaded file is no longer in storage');
    const attempt = await this.countRenderAttempt(media.id);
    if (attempt > this.maxRenderAttempts) {
      const reason = `The image cannot be processed: rendering it was started ${attempt - 1} times and never finished`;
      await this.failPoison(media, reason);
      // To the DLQ at once, where operators see it; the media already says why it failed.
      throw new InvalidEventError(reason);
    }
    let variants: RenderedVariant[];
    try {
      variants = await this.renderer.render(original);
    } catch (error) {
      if (!(error instanceof UnprocessableImageError)) throw error;
      return this.fail(em, media, `The image cannot be processed: ${error.message}`);
    }
    for (const variant of variants) {
      await this.storage.write(media.variantKey(variant.name), variant.body, 'image/webp');
    }
    media.markReady(variants);
    this.outbox.record(em, MEDIA_EVENTS.imageProcessed, {
      mediaId: media.id,
      ownerId: media.ownerId,
      status: 'ready',
      reason: null,
      variants: Object.fromEntries(variants.map(({ name, width, height }) => [name, { width, height }])),
    });
    stopTimer();
    pipelineSeconds.observe(Math.max(0, Date.now() - uploadedAt.getTime()) / 1000);
    processed.inc({ outcome: 'ready' });
  }

  /** Committed at once, outside the consumer's transaction: it must survive the worker dying. */
  private async countRenderAttempt(mediaId: string): Promise<number> {
    const [row] = await this.orm.em
      .getConnection()
      .execute<
        Array<{ render_attempts: number }>
      >('update "media" set "render_attempts" = "render_attempts" + 1 where "id" = ? returning "render_attempts"', [mediaId]);
    return Number(row?.render_attempts ?? 0);
  }

  /** Marks a poison image failed in a transaction of its own: the consumer's is rolled back to park the event. */
  private async failPoison(media: Media, reason: string): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const row = await tx.findOne(Media, { id: media.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (row?.status === 'processing') this.fail(tx, row, reason);
    });
  }

  private fail(em: EntityManager, media: Media, reason: string): void {
    this.logger.warn(`media ${media.id} failed: ${reason}`);
    media.markFailed(reason);
    this.outbox.record(em, MEDIA_EVENTS.imageProcessed, {
      mediaId: media.id,
      ownerId: media.ownerId,
      status: 'failed',
      reason: media.failureReason,
      variants: {},
    });
    processed.inc({ outcome: 'failed' });
  }
}
