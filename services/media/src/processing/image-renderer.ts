import { Injectable } from '@nestjs/common';
import { IMAGE_VARIANTS, type ImageVariantName } from '@platform/contracts';
import sharp from 'sharp';
import { MediaConfig } from '../config/media.config';

/** An image that can never be processed (corrupt, a decompression bomb, too slow): retrying will not help. */
export class UnprocessableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprocessableImageError';
  }
}

export interface RenderedVariant {
  name: ImageVariantName;
  body: Buffer;
  width: number;
  height: number;
}

/** WebP quality of every variant (the benchmark's plain loop uses the same). */
export const VARIANT_WEBP_QUALITY = 80;
/** An image that takes longer than this to render is given up (deterministically slow input). */
const RENDER_TIMEOUT_SECONDS = 30;

/**
 * Auto-rotated, metadata-free WebP variants (IMAGE_VARIANTS) of an uploaded image. The pixel limit
 * is checked from the header before anything is decoded, so a decompression bomb fails here and
 * costs no memory; sharp drops EXIF/XMP/ICC metadata unless asked to keep it.
 */
@Injectable()
export class ImageRenderer {
  private readonly maxPixels: number;
  private readonly slots: Semaphore;

  constructor(config: MediaConfig) {
    this.maxPixels = config.MAX_IMAGE_PIXELS;
    this.slots = new Semaphore(config.WORKER_CONCURRENCY);
    // One libvips thread per pipeline: the worker's parallelism is WORKER_CONCURRENCY images at a
    // time. The operation cache only helps repeated inputs, and holds memory.
    sharp.concurrency(1);
    sharp.cache(false);
  }

  /** Renders when one of the WORKER_CONCURRENCY slots is free (images wait their turn in memory). */
  render(original: Buffer): Promise<RenderedVariant[]> {
    return this.slots.run(() => this.renderNow(original));
  }

  private async renderNow(original: Buffer): Promise<RenderedVariant[]> {
    try {
      // Reading the header is safe at any size; the limit is enforced here with a clear reason.
      const { width = 0, height = 0, format } = await sharp(original, { limitInputPixels: false }).metadata();
      if (width * height > this.maxPixels) {
        throw new UnprocessableImageError(
          `${width}×${height} ${format ?? ''} image has more than the ${this.maxPixels} pixels allowed`.replace(
            '  ',
            ' ',
          ),
        );
      }
      // Decoded, auto-rotated and scaled once to the widest variant; every variant is cut from those
      // pixels (for PNG and WebP covers a second full decode was a fifth of the work).
      const widths = Object.values(IMAGE_VARIANTS).map((variant) => variant.width);
      const { data, info } = await sharp(original, { limitInputPixels: this.maxPixels, failOn: 'error' })
        .rotate()
        .resize({ width: Math.max(...widths), withoutEnlargement: true })
        .raw()
        .timeout({ seconds: RENDER_TIMEOUT_SECONDS })
        .toBuffer({ resolveWithObject: true });
      const pixels = { raw: { width: info.width, height: info.height, channels: info.channels } };
      return await Promise.all(
        (Object.entries(IMAGE_VARIANTS) as Array<[ImageVariantName, { width: number }]>).map(
          async ([name, { width: targetWidth }]) => {
            const variant = await sharp(data, pixels)
              .resize({ width: targetWidth, withoutEnlargement: true })
              .webp({ quality: VARIANT_WEBP_QUALITY })
              .timeout({ seconds: RENDER_TIMEOUT_SECONDS })
              .toBuffer({ resolveWithObject: true });
            return { name, body: variant.data, width: variant.info.width, height: variant.info.height };
          },
        ),
      );
    } catch (error) {
      if (error instanceof UnprocessableImageError) throw error;
      throw new UnprocessableImageError(error instanceof Error ? error.message : String(error));
    }
  }
}

/** At most `limit` tasks at a time; the others wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
