import { loadConfig } from '@platform/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityConfig } from '../config/identity.config';
import { RefreshCookie } from './refresh-cookie';

function cookieFor(publicUrl: string): RefreshCookie {
  return new RefreshCookie(
    loadConfig(IdentityConfig, {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      PUBLIC_URL: publicUrl,
      SMTP_URL: 'smtp://127.0.0.1:1025',
    }),
  );
}

function setCookieOf(cookie: RefreshCookie): string {
  let header = '';
  const reply = { header: (_name: string, value: string) => ((header = value), reply) } as unknown as FastifyReply;
  cookie.handOver(reply, {
    accessToken: 'a',
    refreshToken: 'r',
    tokenType: 'Bearer',
    expiresIn: 600,
    user: {} as never,
  });
  return header;
}

describe('the refresh cookie', () => {
  it('is Secure when the app is served over https, and not over plain http (localhost)', () => {
    expect(setCookieOf(cookieFor('https://learn.example.com'))).toMatch(/; HttpOnly; Secure; SameSite=Strict$/);
    expect(setCookieOf(cookieFor('http://localhost:8080'))).not.toMatch(/Secure/);
  });

  it('is used only when asked for, and only from the app’s own origin', () => {
    const cookie = cookieFor('https://learn.example.com');
    const request = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;
    expect(cookie.requested(request({}))).toBe(false);
    expect(cookie.requested(request({ 'x-session-cookie': '1', 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(cookie.requested(request({ 'x-session-cookie': '1', origin: 'https://learn.example.com' }))).toBe(true);
    expect(() => cookie.requested(request({ 'x-session-cookie': '1', origin: 'https://evil.example' }))).toThrow(
      /only for the web app/,
    );
    expect(() => cookie.requested(request({ 'x-session-cookie': '1', 'sec-fetch-site': 'cross-site' }))).toThrow();
  });
});
