import { EntityManager } from '@mikro-orm/postgresql';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { REQUIRED_ROLES, type RequestWithUser } from '@platform/auth';
import type { Role } from '@platform/contracts';
import { ForbiddenError, UnauthenticatedError } from '@platform/service-kit';
import type { Observable } from 'rxjs';
import { ACCOUNT_DISABLED } from '../sessions/sessions.service';
import { User } from './user.entity';

/**
 * identity holds the accounts, so its own routes do not stop at what the access token says: a
 * disabled account is refused (403) and `@Roles` are checked again against the roles held now.
 * Otherwise an admin who was disabled or demoted could use the rest of a token's life to enable
 * themselves or give the role back. Runs after every guard (interceptors do), so the token is
 * verified first; other services trust the short-lived token until it expires.
 */
@Injectable()
export class CurrentAccountInterceptor implements NestInterceptor {
  constructor(
    private readonly em: EntityManager,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const caller = context.getType() === 'http' ? context.switchToHttp().getRequest<RequestWithUser>().user : undefined;
    if (!caller) return next.handle();
    const account = await this.em.findOne(User, caller.id);
    if (!account) throw new UnauthenticatedError('The access token names no account');
    if (account.disabledAt) throw new ForbiddenError(ACCOUNT_DISABLED);
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required?.length && !required.some((role) => account.roles.includes(role)))
      throw new ForbiddenError(`Requires role ${required.join(' or ')}`);
    return next.handle();
  }
}
