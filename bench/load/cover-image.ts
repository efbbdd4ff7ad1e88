import sharp from 'sharp';

/**
 * A real PNG cover (800×450, a diagonal gradient in a colour of its own per `seed`), so every course
 * sends the worker distinct bytes to decode and resize, as an instructor's upload would.
 */
export async function coverImage(seed: number): Promise<Buffer> {
  const width = 800;
  const height = 450;
  const pixels = Buffer.alloc(width * height * 3);
  const hue = [(seed * 67) % 256, (seed * 131 + 80) % 256, (seed * 29 + 160) % 256];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = ((x + y) * 255) / (width + height);
      const offset = (y * width + x) * 3;
      for (let channel = 0; channel < 3; channel++) pixels[offset + channel] = (hue[channel] + shade) % 256;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}
