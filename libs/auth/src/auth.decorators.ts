import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '@platform/contracts';
import { ApiAccess, ROLES_EXTENSION } from '@platform/service-kit';
import type { AuthenticatedUser } from './authenticated-user';

export const REQUIRED_ROLES = 'platform:required-roles';
export const OPTIONAL_AUTH = 'platform:optional-auth';

/** The caller needs at least one of these roles (403 otherwise). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension(ROLES_EXTENSION, roles));

/** A token is not required, but a valid one identifies the caller (an invalid one is still 401). */
export const OptionalAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(OPTIONAL_AUTH, true), ApiAccess('optional-token'));

export interface RequestWithUser {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthenticatedUser;
}

/** The authenticated caller (undefined on an @OptionalAuth route called anonymously). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined =>
    context.switchToHttp().getRequest<RequestWithUser>().user,
);
