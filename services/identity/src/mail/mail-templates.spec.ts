import { passwordResetMail, verificationMail, webAppLink } from './mail-templates';

describe('mail templates', () => {
  it('link to the web app page with the token, whatever the trailing slash of PUBLIC_URL', () => {
    expect(webAppLink('http://localhost:8080', 'verify-email', 'abc_-1')).toBe(
      'http://localhost:8080/verify-email?token=abc_-1',
    );
    expect(webAppLink('https://learn.example.com/', 'reset-password', 'x')).toBe(
      'https://learn.example.com/reset-password?token=x',
    );
  });

  it('carry the link in text and HTML, and escape the display name in HTML', () => {
    const link = 'http://web.test/verify-email?token=abc';
    const mail = verificationMail('<script>x</script>', link);
    expect(mail.subject).toBe('Confirm your e-mail address');
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).not.toContain('<script>');
    expect(passwordResetMail('Ada', 'http://web.test/reset-password?token=x')).toMatchObject({
      subject: 'Reset your password',
      text: expect.stringContaining('http://web.test/reset-password?token=x'),
    });
  });
});
