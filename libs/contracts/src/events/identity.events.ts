import type { Role } from '../roles';

export const IDENTITY_EVENTS = {
  userRegistered: 'identity.user.registered',
  userRolesChanged: 'identity.user.roles-changed',
} as const;

export interface UserRegisteredPayload {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: Role[];
}

export interface UserRolesChangedPayload {
  readonly userId: string;
  readonly roles: Role[];
  readonly previousRoles: Role[];
  readonly changedBy: string;
}
