import { applyDecorators, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ApiErrors } from '@platform/service-kit';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { IdentityConfig } from '../config/identity.config';
import { normaliseEmail } from '../users/email-address';

export const RATE_LIMIT_KINDS = ['login', 'signup', 'password-reset'] as const;
export type RateLimitKind = (typeof RATE_LIMIT_KINDS)[number];

const RATE_LIMIT_KIND = 'identity:rate-limit-kind';

/** Puts a route under the rate limits of its kind (429 when exceeded); other routes are not limited. */
export const RateLimited = (kind: RateLimitKind): MethodDecorator =>
  applyDecorators(SetMetadata(RATE_LIMIT_KIND, kind), ApiErrors(429));

function kindOf(context: ExecutionContext): RateLimitKind | undefined {
  return Reflect.getMetadata(RATE_LIMIT_KIND, context.getHandler());
}

/** The client address (Fastify's `request.ip`, which honours X-Forwarded-For from the ingress). */
export function addressTracker(request: { ip?: unknown }): string {
  return `ip:${String(request.ip)}`;
}

/**
 * The e-mail the request is about, normalised so case and spaces do not open new buckets. Requests
 * without one (malformed bodies, reset confirmations) count against the client address instead.
 */
export function emailTracker(request: { ip?: unknown; body?: unknown }): string {
  const email = (request.body as { email?: unknown } | null | undefined)?.email;
  return typeof email === 'string' && email.trim() !== '' ? `email:${normaliseEmail(email)}` : addressTracker(request);
}

function limitOf(config: IdentityConfig, kind: RateLimitKind): number {
  switch (kind) {
    case 'login':
      return config.LOGIN_RATE_LIMIT;
    case 'signup':
      return config.SIGNUP_RATE_LIMIT;
    case 'password-reset':
      return config.PASSWORD_RESET_RATE_LIMIT;
  }
}

/**
 * Each kind is counted per client address and, separately, per target e-mail: a guesser spread
 * over many addresses still meets the second, and nobody can mail-bomb one inbox. Counters live in
 * identity's database (`storage`), so every replica counts against the same limits.
 */
export function rateLimitOptions(config: IdentityConfig, storage: ThrottlerStorage): ThrottlerModuleOptions {
  const ttl = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  return {
    storage,
    errorMessage: 'Too many attempts: wait a minute and try again',
    throttlers: RATE_LIMIT_KINDS.flatMap((kind) =>
      [
        { by: 'address', getTracker: addressTracker },
        { by: 'email', getTracker: emailTracker },
      ].map(({ by, getTracker }) => ({
        name: `${kind}-${by}`,
        ttl,
        limit: limitOf(config, kind),
        skipIf: (context: ExecutionContext) => kindOf(context) !== kind,
        getTracker,
      })),
    ),
  };
}

/** Nest's guard, plus the standard Retry-After header (seconds) on a 429. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    context
      .switchToHttp()
      .getResponse<{ header(name: string, value: string): unknown }>()
      .header('retry-after', String(detail.timeToBlockExpire));
    return super.throwThrottlingException(context, detail);
  }
}
