import { EVENTS_EXCHANGE } from '@platform/contracts';
import { mediaQueues, workerPrefetch } from './media.config';

describe('media queues and worker prefetch', () => {
  it('uses the platform queue names on the platform exchange and prefixed ones elsewhere', () => {
    expect(mediaQueues({ EVENTS_EXCHANGE })).toEqual({ service: 'media', worker: 'media-worker' });
    expect(mediaQueues({ EVENTS_EXCHANGE: 'test.events.1' })).toEqual({
      service: 'test.events.1.media',
      worker: 'test.events.1.media-worker',
    });
  });

  it('holds at least as many images as it renders, and leaves two database connections free', () => {
    const config = { WORKER_PREFETCH: 8, WORKER_CONCURRENCY: 2, DATABASE_POOL_MAX: 10 };
    expect(workerPrefetch(config)).toBe(8);
    expect(workerPrefetch({ ...config, WORKER_PREFETCH: 1 })).toBe(2);
    expect(workerPrefetch({ ...config, WORKER_PREFETCH: 50 })).toBe(8);
    expect(workerPrefetch({ ...config, DATABASE_POOL_MAX: 2 })).toBe(1);
  });
});
