import { assertPublishablePayload, MAX_EVENT_PAYLOAD_BYTES } from './outbox';

describe('assertPublishablePayload', () => {
  it('accepts a plain JSON object', () => {
    expect(() => assertPublishablePayload('t', { courseId: 'x', lessons: [{ id: 1 }] })).not.toThrow();
  });

  it('refuses what the relay could never publish or a consumer never parse', () => {
    expect(() => assertPublishablePayload('t', null)).toThrow(/must be an object/);
    expect(() => assertPublishablePayload('t', [1, 2])).toThrow(/must be an object/);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => assertPublishablePayload('t', circular)).toThrow(/not serialisable/);
    expect(() => assertPublishablePayload('t', { n: BigInt(1) })).toThrow(/not serialisable/);
    expect(() => assertPublishablePayload('t', { blob: 'x'.repeat(MAX_EVENT_PAYLOAD_BYTES) })).toThrow(/limited to/);
  });
});
