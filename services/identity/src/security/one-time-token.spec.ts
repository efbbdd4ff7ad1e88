import { passwordResetMail, verificationMail } from '../mail/mail-templates';
import { normaliseEmail } from '../users/email-address';
import { OneTimeToken } from './one-time-token.entity';
import { digestToken, newOpaqueToken } from './opaque-token';

describe('one-time and opaque tokens', () => {
  it('are random, URL-safe and stored only as a digest', () => {
    const token = newOpaqueToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newOpaqueToken()).not.toBe(token);
    expect(digestToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(digestToken(token)).toBe(digestToken(token));
  });

  it('are usable once and only before they expire', () => {
    const fresh = new OneTimeToken('u', 'verify-email', 'd', 60_000);
    expect(fresh.isUsable()).toBe(true);
    expect(fresh.isUsable(new Date(Date.now() + 61_000))).toBe(false);
    fresh.usedAt = new Date();
    expect(fresh.isUsable()).toBe(false);
  });
});

describe('e-mail addresses and mails', () => {
  it('compare regardless of case and surrounding spaces', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('escape the display name in HTML and carry the link in text and HTML', () => {
    const mail = verificationMail('<script>x</script>', 'http://web.test/verify-email?token=abc');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('http://web.test/verify-email?token=abc');
    expect(mail.html).toContain('token=abc');
    expect(passwordResetMail('A', 'http://l').subject).toBe('Reset your password');
  });
});
