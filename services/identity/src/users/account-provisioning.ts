import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { IDENTITY_EVENTS, type Role } from '@platform/contracts';
import type { Outbox } from '@platform/messaging';
import type { PasswordHasher } from '../security/password-hasher';
import { normaliseEmail } from './email-address';
import { User } from './user.entity';

export interface ProvisionedAccount {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly roles: Role[];
}

export type ProvisioningResult = { created: true; user: User } | { created: false; user: User | null };

/**
 * Creates a verified account unless the e-mail already has one (the first admin, demo accounts),
 * recording `identity.user.registered` in the same transaction like a sign-up. An existing account
 * is left exactly as it is. Safe when several replicas start at once: the loser of the race sees
 * the unique index and reports the account as existing.
 */
export async function ensureAccount(
  em: EntityManager,
  hasher: PasswordHasher,
  outbox: Outbox,
  account: ProvisionedAccount,
): Promise<ProvisioningResult> {
  const existing = await em.findOne(User, { emailNormalised: normaliseEmail(account.email) });
  if (existing) return { created: false, user: existing };
  const passwordHash = await hasher.hash(account.password);
  try {
    const user = await em.transactional(async (tx) => {
      const created = User.provisioned(account.email, account.displayName, passwordHash, account.roles);
      tx.persist(created);
      outbox.record(tx, IDENTITY_EVENTS.userRegistered, {
        userId: created.id,
        email: created.email,
        displayName: created.displayName,
        roles: [...created.roles],
      });
      return created;
    });
    return { created: true, user };
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return { created: false, user: null };
    throw error;
  }
}
