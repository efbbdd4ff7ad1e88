import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { IdentityConfig } from '../config/identity.config';
import { normaliseEmail } from '../users/email-address';

export type RateLimitKind = 'login' | 'signup';

const RATE_LIMIT_KIND = 'identity:rate-limit-kind';
const WINDOW_MS = 60_000;

/** Puts a route under the named rate limits (429 when exceeded). */
export const RateLimited = (kind: RateLimitKind): MethodDecorator => SetMetadata(RATE_LIMIT_KIND, kind);

function kindOf(context: ExecutionContext): RateLimitKind | undefined {
  return Reflect.getMetadata(RATE_LIMIT_KIND, context.getHandler());
}

const clientAddress = (request: Record<string, unknown>): string => String(request.ip);

function targetEmail(request: Record<string, unknown>): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? `email:${normaliseEmail(email)}` : clientAddress(request);
}

/**
 * Login is limited per client address and per target e-mail (a distributed guesser still meets
 * the second); sign-up and reset requests per client address. Counters are in memory: with
 * several replicas each counts alone, so a shared store (Redis) is the next step.
 */
export function rateLimitOptions(config: IdentityConfig): ThrottlerModuleOptions {
  return {
    errorMessage: 'Too many attempts: wait a minute and try again',
    throttlers: [
      {
        name: 'login-address',
        ttl: WINDOW_MS,
        limit: config.LOGIN_RATE_LIMIT,
        skipIf: (context) => kindOf(context) !== 'login',
        getTracker: clientAddress,
      },
      {
        name: 'login-email',
        ttl: WINDOW_MS,
        limit: config.LOGIN_RATE_LIMIT,
        skipIf: (context) => kindOf(context) !== 'login',
        getTracker: targetEmail,
      },
      {
        name: 'signup-address',
        ttl: WINDOW_MS,
        limit: config.SIGNUP_RATE_LIMIT,
        skipIf: (context) => kindOf(context) !== 'signup',
        getTracker: clientAddress,
      },
    ],
  };
}
