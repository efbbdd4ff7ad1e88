import { consumerQueueOf } from './consumer-queue';
import { EVENTS_EXCHANGE } from './envelope';

describe('consumerQueueOf', () => {
  it("names a consumer's queue after it on the platform's exchange, after the exchange on any other", () => {
    expect(consumerQueueOf('media-worker', EVENTS_EXCHANGE)).toBe('media-worker');
    expect(consumerQueueOf('catalog', 'test.events.1')).toBe('test.events.1.catalog');
  });
});
