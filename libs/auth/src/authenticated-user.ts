import type { Role } from '@platform/contracts';

/** Who is calling, as the verified access token says. */
export interface AuthenticatedUser {
  readonly id: string;
  readonly email: string;
  /** The display name at sign-in (or at the last refresh); empty in tokens issued before it was a claim. */
  readonly displayName: string;
  readonly roles: readonly Role[];
}

export function hasRole(user: AuthenticatedUser | undefined, ...roles: Role[]): boolean {
  return !!user && roles.some((role) => user.roles.includes(role));
}
