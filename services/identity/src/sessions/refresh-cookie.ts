import { Injectable } from '@nestjs/common';
import { BACKEND_SERVICES, REFRESH_COOKIE_NAME, SESSION_COOKIE_HEADER } from '@platform/contracts';
import { ForbiddenError } from '@platform/service-kit';
import { parse, serialize } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityConfig } from '../config/identity.config';
import type { CookieSession } from './session.view';
import type { Session } from './sessions.service';

/** What login and refresh answer in cookie mode: the session without its refresh token. */
export type { CookieSession };

/**
 * The web app's refresh token, kept where its script cannot read it: an HttpOnly cookie, Secure
 * when the app is served over https, SameSite=Strict, sent only to identity's own path (refresh
 * and logout live there). Used only when the request asks for it (SESSION_COOKIE_HEADER); API
 * clients keep the JSON contract. A cookie-authenticated request must also come from the app's own
 * origin: the browser says so in Sec-Fetch-Site, or, where it does not, in Origin.
 */
@Injectable()
export class RefreshCookie {
  private readonly secure: boolean;
  private readonly maxAgeSeconds: number;
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(config: IdentityConfig) {
    const publicUrl = new URL(config.PUBLIC_URL);
    this.secure = publicUrl.protocol === 'https:';
    this.maxAgeSeconds = config.REFRESH_TOKEN_TTL_DAYS * 86_400;
    this.allowedOrigins = new Set([publicUrl.origin, ...config.CORS_ORIGINS.map((origin) => new URL(origin).origin)]);
  }

  /** Whether the request asks for cookie mode; 403 when it does from another site or origin. */
  requested(request: FastifyRequest): boolean {
    if (request.headers[SESSION_COOKIE_HEADER] !== '1') return false;
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    const sameOrigin =
      site !== undefined ? site === 'same-origin' : origin === undefined || this.allowedOrigins.has(origin);
    if (!sameOrigin) throw new ForbiddenError('The session cookie is only for the web app on its own origin');
    return true;
  }

  read(request: FastifyRequest): string | undefined {
    const header = request.headers.cookie;
    return header ? parse(header)[REFRESH_COOKIE_NAME] || undefined : undefined;
  }

  /** Moves the session's refresh token into the cookie and answers the rest. */
  handOver(reply: FastifyReply, { refreshToken, ...session }: Session): CookieSession {
    this.write(reply, refreshToken, this.maxAgeSeconds);
    return session;
  }

  clear(reply: FastifyReply): void {
    this.write(reply, '', 0);
  }

  private write(reply: FastifyReply, value: string, maxAge: number): void {
    void reply.header(
      'set-cookie',
      serialize(REFRESH_COOKIE_NAME, value, {
        httpOnly: true,
        secure: this.secure,
        sameSite: 'strict',
        path: BACKEND_SERVICES.identity.routePrefix,
        maxAge,
      }),
    );
  }
}
