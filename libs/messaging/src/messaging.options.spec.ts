import { messagingTopology } from './index';
import { namespaced, resolveConsumerOptions, resolveExchange } from './messaging.options';
import { outboxChannel } from './outbox/outbox-notify.subscriber';

const base = { service: 'catalog', amqpUrl: 'amqp://localhost' };

describe('messaging options', () => {
  it('defaults to the platform exchange and the documented consumer settings', () => {
    expect(resolveExchange(base)).toBe('platform.events');
    expect(resolveConsumerOptions(base)).toBeUndefined();
    expect(resolveConsumerOptions({ ...base, consumer: { queue: 'catalog' } })).toEqual({
      queue: 'catalog',
      exchange: 'platform.events',
      prefetch: 20,
      maxAttempts: 5,
      retryBaseDelayMs: 1000,
      shutdownTimeoutMs: 25_000,
    });
  });

  it('prefixes the exchange and the queue with a namespace', () => {
    expect(namespaced(undefined, 'catalog')).toBe('catalog');
    const options = {
      ...base,
      namespace: 'test-1',
      exchange: 'events',
      consumer: { queue: 'catalog', maxAttempts: 3 },
    };
    expect(resolveExchange(options)).toBe('test-1.events');
    expect(resolveConsumerOptions(options)?.queue).toBe('test-1.catalog');
    expect(messagingTopology(options)).toEqual({
      exchange: 'test-1.events',
      queues: ['test-1.catalog', 'test-1.catalog.retry.1000ms', 'test-1.catalog.retry.2000ms', 'test-1.catalog.dlq'],
    });
    expect(messagingTopology(base)).toEqual({ exchange: 'platform.events', queues: [] });
  });

  it('refuses settings that cannot work, naming them', () => {
    expect(() => resolveConsumerOptions({ ...base, consumer: { queue: 'q', prefetch: 0 } })).toThrow(/prefetch/);
    expect(() => resolveConsumerOptions({ ...base, consumer: { queue: 'q', maxAttempts: 1.5 } })).toThrow(
      /maxAttempts/,
    );
    expect(() => resolveConsumerOptions({ ...base, consumer: { queue: 'q', retryBaseDelayMs: 0 } })).toThrow(
      /retryBaseDelayMs/,
    );
    expect(() => resolveConsumerOptions({ ...base, consumer: { queue: '' } })).toThrow(/queue/);
  });

  it('names the NOTIFY channel after the service, as a safe identifier', () => {
    expect(outboxChannel('catalog')).toBe('outbox_catalog');
    expect(outboxChannel('Media-Worker')).toBe('outbox_media_worker');
    expect(outboxChannel('x'.repeat(100))).toHaveLength(63);
  });
});
