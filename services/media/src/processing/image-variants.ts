import { IMAGE_VARIANTS, type ImageVariantName } from '@platform/contracts';
import sharp from 'sharp';

/** An image that can never be processed (corrupt, a decompression bomb): retrying will not help. */
export class UnprocessableImageError extends Error {}

export interface RenderedVariant {
  name: ImageVariantName;
  body: Buffer;
  width: number;
  height: number;
}

// One libvips thread per image: the worker's concurrency is the number of images in flight.
sharp.concurrency(1);

/**
 * Auto-rotated, metadata-free WebP variants of an image. `limitInputPixels` makes a decompression
 * bomb fail here, before it is decoded into memory.
 */
export async function renderVariants(original: Buffer, maxPixels: number): Promise<RenderedVariant[]> {
  try {
    const source = sharp(original, { limitInputPixels: maxPixels, failOn: 'error' });
    const metadata = await source.metadata();
    if ((metadata.width ?? 0) * (metadata.height ?? 0) > maxPixels)
      throw new Error(`image has more than ${maxPixels} pixels`);
    return await Promise.all(
      (Object.entries(IMAGE_VARIANTS) as Array<[ImageVariantName, { width: number }]>).map(
        async ([name, { width }]) => {
          const { data, info } = await sharp(original, { limitInputPixels: maxPixels, failOn: 'error' })
            .rotate()
            .resize({ width, withoutEnlargement: true })
            .webp({ quality: 80 })
            .toBuffer({ resolveWithObject: true });
          return { name, body: data, width: info.width, height: info.height };
        },
      ),
    );
  } catch (error) {
    throw new UnprocessableImageError(error instanceof Error ? error.message : String(error));
  }
}
