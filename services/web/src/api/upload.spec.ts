import { ApiError } from './errors';
import type { Media } from './types';
import { contentTypeOf, partRanges, uploadPercent, waitForMedia } from './upload';

const media = (status: Media['status'], extra: Partial<Media> = {}): Media => ({
  id: 'm1',
  status,
  purpose: 'course-cover',
  contentType: 'image/png',
  filename: null,
  url: null,
  variants: {},
  failureReason: null,
  expiresAt: null,
  ...extra,
});

describe('contentTypeOf', () => {
  it("takes the browser's type, and knows WebVTT captions by their extension when the browser does not", () => {
    expect(contentTypeOf({ type: 'video/mp4', name: 'talk.mp4' })).toBe('video/mp4');
    expect(contentTypeOf({ type: '', name: 'Talk.EN.vtt' })).toBe('text/vtt');
    expect(contentTypeOf({ type: '', name: 'notes' })).toBe('application/octet-stream');
  });
});

describe('uploadPercent', () => {
  it('is a whole percent within 0–100', () => {
    expect(uploadPercent({ loaded: 0, total: 0 })).toBe(0);
    expect(uploadPercent({ loaded: 1, total: 3 })).toBe(33);
    expect(uploadPercent({ loaded: 5, total: 4 })).toBe(100);
  });
});

describe('partRanges', () => {
  it('splits by the given part size, the last part taking the rest', () => {
    expect(partRanges(25, 3, 10)).toEqual([
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
  });

  it('splits evenly when no part size is given', () => {
    expect(partRanges(10, 3)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(partRanges(10, 0)).toEqual([]);
  });
});

describe('waitForMedia', () => {
  it('polls until the media is ready', async () => {
    const answers = [media('pending'), media('processing'), media('ready', { url: 'u' })];
    const sleeps: number[] = [];
    const ready = await waitForMedia(async () => answers.shift()!, 'm1', {
      intervalMs: 10,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(ready.url).toBe('u');
    expect(sleeps).toEqual([10, 10]);
  });

  it('reports why processing failed', async () => {
    await expect(
      waitForMedia(async () => media('failed', { failureReason: 'not an image' }), 'm1', { sleep: async () => {} }),
    ).rejects.toThrow('The file could not be processed: not an image');
  });

  it('gives up after the timeout', async () => {
    let clock = 0;
    const failure = waitForMedia(async () => media('processing'), 'm1', {
      timeoutMs: 1000,
      intervalMs: 400,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toThrow(/taking too long/);
  });
});
