import { ApiError } from './errors';
import type { Media } from './types';
import { contentTypeOf, partRanges, uploadPercent, waitForMedia, withStorageRetries } from './upload';

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

describe('withStorageRetries', () => {
  /** A PUT that fails with these statuses first, then answers its ETag; counts its calls. */
  const flakyPut = (...failures: number[]) => {
    let calls = 0;
    const put = async (): Promise<{ etag: string }> => {
      calls += 1;
      const status = failures.shift();
      if (status !== undefined) throw new ApiError(status, `The storage refused the upload (HTTP ${status}).`);
      return { etag: '"e1"' };
    };
    return { put, calls: () => calls };
  };

  it("sends a part again after the store's 500 and 503 and a dropped connection, backing off with jitter", async () => {
    const { put, calls } = flakyPut(500, 0, 503);
    const sleeps: number[] = [];
    const result = await withStorageRetries(put, {
      baseMs: 100,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(result).toEqual({ etag: '"e1"' });
    expect(calls()).toBe(4);
    expect(sleeps).toEqual([75, 150, 300]);
  });

  it('gives up after a few attempts with the last error', async () => {
    const { put, calls } = flakyPut(500, 500, 500, 500, 500);
    await expect(withStorageRetries(put, { sleep: async () => {} })).rejects.toThrow('HTTP 500');
    expect(calls()).toBe(4);
  });

  it('does not retry what a retry cannot fix (403, 400) or a cancelled upload', async () => {
    const forbidden = flakyPut(403);
    await expect(withStorageRetries(forbidden.put, { sleep: async () => {} })).rejects.toThrow('HTTP 403');
    expect(forbidden.calls()).toBe(1);

    const cancelled = new AbortController();
    let calls = 0;
    const aborted = withStorageRetries(
      async () => {
        calls += 1;
        throw new DOMException('Upload cancelled', 'AbortError');
      },
      { signal: cancelled.signal, sleep: async () => {} },
    );
    await expect(aborted).rejects.toThrow('Upload cancelled');
    expect(calls).toBe(1);
  });

  it('stops waiting to retry once the upload is cancelled', async () => {
    const cancelled = new AbortController();
    const { put, calls } = flakyPut(503, 503);
    const failure = withStorageRetries(put, {
      signal: cancelled.signal,
      sleep: async () => cancelled.abort(),
    });
    await expect(failure).rejects.toThrow('Upload cancelled');
    expect(calls()).toBe(1);
  });
});
