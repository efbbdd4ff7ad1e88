import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@platform/contracts';
import { ForbiddenError, PUBLIC_ROUTE } from '@platform/service-kit';
import { AccessTokenVerifier } from './access-token.verifier';
import { OPTIONAL_AUTH, REQUIRED_ROLES, type RequestWithUser } from './auth.decorators';
import { bearerToken, requiredBearerToken } from './bearer-token';

/**
 * Global guard: every HTTP route needs a valid access token unless marked @Public() or
 * @OptionalAuth(); @Roles() narrows it further. Secure by default, so a new route cannot be
 * left open by forgetting a decorator.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithUser>();
    const header = request.headers.authorization;
    const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, targets);
    if (optional && bearerToken(header) === undefined) return true;
    request.user = await this.verifier.verify(requiredBearerToken(header));
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => request.user?.roles.includes(role))) {
      throw new ForbiddenError(`Requires role ${required.join(' or ')}`);
    }
    return true;
  }
}
