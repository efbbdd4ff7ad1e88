import { loadConfig } from '@platform/service-kit';
import { IdentityConfig } from '../config/identity.config';
import { addressTracker, emailTracker, rateLimitOptions } from './rate-limits';

const env = { DATABASE_URL: 'postgres://x', AMQP_URL: 'amqp://x', PUBLIC_URL: 'http://web', SMTP_URL: 'smtp://mail' };

describe('rate limits', () => {
  it('count per client address', () => {
    expect(addressTracker({ ip: '10.0.0.1' })).toBe('ip:10.0.0.1');
  });

  it('count per e-mail regardless of case and spaces, falling back to the address without one', () => {
    expect(emailTracker({ ip: '10.0.0.1', body: { email: ' Ada@Example.COM ' } })).toBe('email:ada@example.com');
    expect(emailTracker({ ip: '10.0.0.1', body: { email: 42 } })).toBe('ip:10.0.0.1');
    expect(emailTracker({ ip: '10.0.0.1', body: undefined })).toBe('ip:10.0.0.1');
    expect(emailTracker({ ip: '10.0.0.1', body: null })).toBe('ip:10.0.0.1');
  });

  it('give each kind an address and an e-mail throttler with its configured limit and window', () => {
    const config = loadConfig(IdentityConfig, {
      ...env,
      LOGIN_RATE_LIMIT: '3',
      SIGNUP_RATE_LIMIT: '4',
      PASSWORD_RESET_RATE_LIMIT: '2',
      RATE_LIMIT_WINDOW_SECONDS: '30',
    });
    const storage = { increment: jest.fn() };
    const options = rateLimitOptions(config, storage);
    expect(Array.isArray(options) ? undefined : options.storage).toBe(storage);
    const throttlers = Array.isArray(options) ? options : options.throttlers;
    expect(throttlers.map((t) => [t.name, t.limit, t.ttl])).toEqual([
      ['login-address', 3, 30_000],
      ['login-email', 3, 30_000],
      ['signup-address', 4, 30_000],
      ['signup-email', 4, 30_000],
      ['password-reset-address', 2, 30_000],
      ['password-reset-email', 2, 30_000],
    ]);
  });
});
