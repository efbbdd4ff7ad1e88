import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { Role } from '@platform/contracts';
import { normaliseEmail } from './email-address';
import type { UserView } from './user.view';

@Entity({ tableName: 'users' })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** As typed at sign-up (trimmed), shown back to the user. */
  @Property({ type: 'string', length: 254 })
  email: string;

  /** Lower-cased copy: the unique key for sign-in and duplicates. */
  @Unique({ name: 'users_email_normalised_unique' })
  @Property({ type: 'string', length: 254, hidden: true })
  emailNormalised: string;

  @Property({ type: 'string', length: 100 })
  displayName: string;

  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  @Property({ type: 'json' })
  roles: Role[] = ['learner'];

  @Property({ type: 'boolean' })
  emailVerified = false;

  /** Set by an admin: no sign-in, no refresh; null for an account in use. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  disabledAt: Date | null = null;

  @Index()
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(email: string, displayName: string, passwordHash: string) {
    this.email = email.trim();
    this.emailNormalised = normaliseEmail(email);
    this.displayName = displayName.trim();
    this.passwordHash = passwordHash;
  }

  hasRole(role: Role): boolean {
    return this.roles.includes(role);
  }

  /** Provisioned accounts (first admin, demo accounts) need no e-mail round trip. */
  static provisioned(email: string, displayName: string, passwordHash: string, roles: Role[]): User {
    const user = new User(email, displayName, passwordHash);
    user.roles = roles;
    user.emailVerified = true;
    return user;
  }
}

export type { UserView };

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: [...user.roles],
    emailVerified: user.emailVerified,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
