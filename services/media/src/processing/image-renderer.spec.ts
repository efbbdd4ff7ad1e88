import sharp from 'sharp';
import type { MediaConfig } from '../config/media.config';
import { ImageRenderer, Semaphore, UnprocessableImageError } from './image-renderer';

const renderer = new ImageRenderer({ MAX_IMAGE_PIXELS: 4_000_000, WORKER_CONCURRENCY: 2 } as MediaConfig);

describe('ImageRenderer', () => {
  it('renders WebP variants 200, 400 and 800 px wide, auto-rotated, without metadata', async () => {
    // 1200×900 stored sideways: EXIF orientation 6 means "rotate 90° clockwise to display".
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c33' } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'secret location' } } })
      .toBuffer();
    expect((await sharp(photo).metadata()).orientation).toBe(6);

    const variants = await renderer.render(photo);

    expect(variants.map(({ name, width, height }) => ({ name, width, height }))).toEqual([
      { name: 'small', width: 200, height: 267 },
      { name: 'card', width: 400, height: 534 },
      { name: 'medium', width: 800, height: 1067 },
    ]);
    for (const variant of variants) {
      const metadata = await sharp(variant.body).metadata();
      expect(metadata).toMatchObject({ format: 'webp', width: variant.width, height: variant.height });
      expect(metadata.exif).toBeUndefined();
      expect(metadata.orientation).toBeUndefined();
    }
  });

  it('keeps transparency, and renders 16-bit, greyscale and CMYK sources as 8-bit sRGB WebP', async () => {
    const rgba = await sharp({ create: { width: 900, height: 600, channels: 4, background: '#33669980' } })
      .png()
      .toBuffer();
    const deep = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#336699' } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    const grey = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#777' } })
      .greyscale()
      .png()
      .toBuffer();
    const cmyk = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#336699' } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');

    const [small] = await renderer.render(rgba);
    expect(await sharp(small.body).metadata()).toMatchObject({ format: 'webp', hasAlpha: true, width: 200 });
    for (const source of [deep, grey, cmyk]) {
      const [, , medium] = await renderer.render(source);
      const metadata = await sharp(medium.body).metadata();
      expect(metadata).toMatchObject({ format: 'webp', depth: 'uchar', width: 800, height: 533 });
      expect(metadata.space).toBe('srgb');
    }
  });

  it('never enlarges a small image', async () => {
    const tiny = await sharp({ create: { width: 120, height: 80, channels: 4, background: '#0000' } })
      .png()
      .toBuffer();
    const variants = await renderer.render(tiny);
    expect(variants.map((variant) => variant.width)).toEqual([120, 120, 120]);
  });

  it('refuses an image with more pixels than allowed before decoding it', async () => {
    const big = await sharp({ create: { width: 2100, height: 2000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    await expect(renderer.render(big)).rejects.toThrow(UnprocessableImageError);
    await expect(renderer.render(big)).rejects.toThrow(/2100×2000 png image has more than the 4000000 pixels allowed/);
  });

  it('refuses bytes that are not an image, or a truncated one', async () => {
    await expect(renderer.render(Buffer.from('not an image at all'))).rejects.toThrow(UnprocessableImageError);
    const jpeg = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#39f' } })
      .jpeg()
      .toBuffer();
    await expect(renderer.render(jpeg.subarray(0, jpeg.length / 3))).rejects.toThrow(UnprocessableImageError);
  });
});

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, in arrival order, and frees a slot when a task fails', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (index: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(index);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (index === 1) throw new Error('boom');
      return index;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((index) => semaphore.run(task(index))));
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
  });
});
