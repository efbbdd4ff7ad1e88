import { requestFingerprint } from './idempotency.interceptor';

describe('requestFingerprint', () => {
  it('is the same for the same body in another field order, and differs for another value', () => {
    const body = { title: 'A', nested: { b: 1, a: [2, { y: 1, x: 0 }] } };
    const reordered = { nested: { a: [2, { x: 0, y: 1 }], b: 1 }, title: 'A' };
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(body));
    expect(requestFingerprint({ ...body, title: 'B' })).not.toBe(requestFingerprint(body));
    expect(requestFingerprint({ nested: { a: [{ y: 1, x: 0 }, 2], b: 1 }, title: 'A' })).not.toBe(
      requestFingerprint(body),
    );
    expect(requestFingerprint(undefined)).toBe(requestFingerprint(null));
  });
});
