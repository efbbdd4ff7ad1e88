import { isServerUnavailable, MAX_RETRY_DELAY_MS, retryDelayMs, smtpTransportOptions } from './mail-delivery';
import { MailMessage } from './mail-message.entity';

describe('mail delivery rules', () => {
  it('retry with doubling delays, capped at an hour, and give up after the last attempt', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 5000, 10))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(9, 5000, 30)).toBe(1_280_000);
    expect(retryDelayMs(20, 5000, 30)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(10, 5000, 10)).toBeNull();
  });

  it('stop a pass when the server is unreachable, not when one mail is refused', () => {
    expect(isServerUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe(true);
    expect(isServerUnavailable(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))).toBe(true);
    expect(isServerUnavailable(Object.assign(new Error('550 no such user'), { code: 'EENVELOPE' }))).toBe(false);
    expect(isServerUnavailable(new Error('other'))).toBe(false);
    expect(isServerUnavailable(null)).toBe(false);
  });

  it('read SMTP_URL with its credentials and bounded timeouts', () => {
    expect(smtpTransportOptions('smtp://127.0.0.1:1025')).toMatchObject({
      host: '127.0.0.1',
      port: 1025,
      secure: false,
      auth: undefined,
      connectionTimeout: 10_000,
    });
    expect(smtpTransportOptions('smtps://user%40x:p%2Fss@mail.example.com')).toMatchObject({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      auth: { user: 'user@x', pass: 'p/ss' },
    });
    expect(smtpTransportOptions('smtp://mail.example.com').port).toBe(587);
  });

  it('erase a mail body (its one-time link) once sent or given up, and schedule retries', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const sent = new MailMessage('a@example.test', 'Hi', 'link', '<a>link</a>');
    sent.markSent(now);
    expect(sent).toMatchObject({ sentAt: now, text: '', html: '' });

    const retried = new MailMessage('a@example.test', 'Hi', 'link', '<a>link</a>');
    retried.markFailed('down', 5000, now);
    expect(retried).toMatchObject({ failedAt: null, text: 'link', lastError: 'down' });
    expect(retried.nextAttemptAt.toISOString()).toBe('2026-01-01T00:00:05.000Z');

    retried.markFailed('still down', null, now);
    expect(retried).toMatchObject({ failedAt: now, text: '', html: '', lastError: 'still down' });
  });
});
