import { Media } from './media.entity';

const cover = (): Media =>
  new Media('0f8e4c1a-3c2b-4f6e-9a51-2b7d9c0e1f23', 'course-cover', 'image/png', 10, 'x', 'png');

describe('Media', () => {
  it('chooses its object keys itself: the client’s file name never becomes a path', () => {
    const media = new Media('owner', 'course-cover', 'image/png', 10, '../../etc/passwd.png', 'png');
    expect(media.objectKey).toBe(`course-cover/${media.id}/original.png`);
    expect(media.uploadKey).toBe(`incoming/course-cover/${media.id}.png`);
    expect(media.variantKey('small')).toBe(`course-cover/${media.id}/small.webp`);
    expect(media.filename).toBe('../../etc/passwd.png');
  });

  it('lists every stored object once ready', () => {
    const media = cover();
    media.markReady([
      { name: 'small', width: 200, height: 100 },
      { name: 'medium', width: 800, height: 400 },
    ]);
    expect(media.status).toBe('ready');
    expect(media.allKeys()).toEqual([
      media.objectKey,
      media.variantKey('small'),
      media.variantKey('medium'),
      media.uploadKey,
    ]);
  });

  it('is unused once every course that used it let it go, whatever the order of repeats', () => {
    const media = cover();
    media.useFor('a');
    media.useFor('b');
    media.useFor('a');
    media.releaseFrom('a');
    expect(media.usedBy).toEqual(['b']);
    media.releaseFrom('b');
    media.releaseFrom('b');
    expect(media.usedBy).toEqual([]);
  });
});
