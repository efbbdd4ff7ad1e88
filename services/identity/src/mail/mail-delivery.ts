import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** Longest wait between two attempts at one mail. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * Delay before the next attempt after `attempts` failed ones: doubling from `baseMs`, capped at an
 * hour; null once `maxAttempts` are used up (the mail is given up).
 */
export function retryDelayMs(attempts: number, baseMs: number, maxAttempts: number): number | null {
  if (attempts >= maxAttempts) return null;
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/**
 * True when the SMTP server could not be reached or talked to at all: the remaining mails of the
 * batch would fail the same way, so the pass stops. Other errors (a refused recipient) belong to one
 * mail, and the pass goes on with the next.
 */
export function isServerUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH'].includes(code);
}

/**
 * nodemailer options from SMTP_URL: `smtp://` (STARTTLS when the server offers it) or `smtps://`
 * (implicit TLS), credentials from the URL, and timeouts short enough that an unreachable server
 * cannot hold a send pass for minutes (nodemailer's defaults are 2 minutes and more).
 */
export function smtpTransportOptions(smtpUrl: string): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}
