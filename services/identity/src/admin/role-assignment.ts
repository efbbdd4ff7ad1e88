import { ROLES, type Role } from '@platform/contracts';
import { ConflictError } from '@platform/service-kit';

/** Roles as stored: each once, in the platform's order (learner, instructor, moderator, admin). */
export function normaliseRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  const left = normaliseRoles(a);
  const right = normaliseRoles(b);
  return left.length === right.length && left.every((role, index) => role === right[index]);
}

/**
 * An admin cannot take their own admin role away (409): the platform would otherwise risk having
 * no admin left, and nobody could undo it. Other admins' roles are theirs to change.
 */
export function assertRoleChangeAllowed(
  actorId: string,
  target: { readonly id: string; readonly roles: readonly Role[] },
  nextRoles: readonly Role[],
): void {
  if (actorId === target.id && target.roles.includes('admin') && !nextRoles.includes('admin')) {
    throw new ConflictError('You cannot remove your own admin role');
  }
}
