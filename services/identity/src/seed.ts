// Local/dev only (`npm start`): the demo accounts of DESIGN.md. Never part of a production deploy.
import { MikroORM } from '@mikro-orm/postgresql';
import type { Role } from '@platform/contracts';
import { loadConfig } from '@platform/service-kit';
import { IdentityConfig } from './config/identity.config';
import { identityOrmConfig } from './mikro-orm.config';
import { PasswordHasher } from './security/password-hasher';
import { ensureAccount } from './users/account-provisioning';

const DEMO_ACCOUNTS: Array<{ name: string; roles: Role[] }> = [
  { name: 'admin', roles: ['admin'] },
  { name: 'instructor', roles: ['instructor'] },
  { name: 'moderator', roles: ['moderator'] },
  { name: 'learner', roles: ['learner'] },
];

async function seed(): Promise<void> {
  const config = loadConfig(IdentityConfig);
  if (config.NODE_ENV === 'production') throw new Error('seed refuses to run with NODE_ENV=production');
  const password = process.env.DEMO_PASSWORD || 'demo-password-123';
  const orm = await MikroORM.init(identityOrmConfig(config));
  try {
    const hasher = new PasswordHasher();
    for (const account of DEMO_ACCOUNTS) {
      const created = await ensureAccount(orm.em.fork(), hasher, {
        email: `${account.name}@demo.local`,
        password,
        displayName: `Demo ${account.name[0].toUpperCase()}${account.name.slice(1)}`,
        roles: account.roles,
      });
      if (created) console.log(`demo account ${account.name}@demo.local created`);
    }
  } finally {
    await orm.close(true);
  }
}

seed().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
