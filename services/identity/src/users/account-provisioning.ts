import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@platform/contracts';
import type { PasswordHasher } from '../security/password-hasher';
import { normaliseEmail } from './email-address';
import { User } from './user.entity';

export interface ProvisionedAccount {
  email: string;
  password: string;
  displayName: string;
  roles: Role[];
}

/** Creates a verified account unless the e-mail already has one (first admin, demo accounts). */
export async function ensureAccount(
  em: EntityManager,
  hasher: PasswordHasher,
  account: ProvisionedAccount,
): Promise<boolean> {
  if (await em.count(User, { emailNormalised: normaliseEmail(account.email) })) return false;
  const user = new User(account.email, account.displayName, await hasher.hash(account.password));
  user.roles = account.roles;
  user.emailVerified = true;
  await em.persistAndFlush(user);
  return true;
}
