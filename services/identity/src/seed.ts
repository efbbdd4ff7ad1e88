// Local/dev only (`npm start` runs it after migrating): the demo accounts of DESIGN.md, verified,
// all with DEMO_PASSWORD. Idempotent. Never part of a production deploy: it refuses NODE_ENV=production.
import { MikroORM } from '@mikro-orm/postgresql';
import { BACKEND_SERVICES, type Role } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import { loadConfig, runEntryPoint } from '@platform/service-kit';
import { IsString, MinLength } from 'class-validator';
import { IdentityConfig } from './config/identity.config';
import { identityOrmConfig } from './mikro-orm.config';
import { PasswordHasher } from './security/password-hasher';
import { PasswordStrength } from './security/password-strength';
import { ensureAccount } from './users/account-provisioning';

class SeedConfig extends IdentityConfig {
  @IsString()
  @MinLength(10, { message: 'DEMO_PASSWORD must be at least 10 characters' })
  DEMO_PASSWORD = 'demo-password-123';
}

const DEMO_ACCOUNTS: ReadonlyArray<{ name: string; roles: Role[] }> = [
  { name: 'admin', roles: ['admin'] },
  { name: 'instructor', roles: ['instructor'] },
  { name: 'moderator', roles: ['moderator'] },
  { name: 'learner', roles: ['learner'] },
];

async function seed(): Promise<void> {
  const config = loadConfig(SeedConfig);
  if (config.NODE_ENV === 'production') throw new Error('seed refuses to run with NODE_ENV=production');
  const weakness = await new PasswordStrength().weakness(config.DEMO_PASSWORD);
  if (weakness) throw new Error(weakness.replace(/^password/, 'DEMO_PASSWORD'));
  const orm = await MikroORM.init(identityOrmConfig(config));
  try {
    const hasher = new PasswordHasher();
    // Records identity.user.registered like a sign-up; the running service's relay publishes it.
    const outbox = new Outbox(BACKEND_SERVICES.identity.name);
    for (const account of DEMO_ACCOUNTS) {
      const email = `${account.name}@demo.local`;
      const result = await ensureAccount(orm.em.fork(), hasher, outbox, {
        email,
        password: config.DEMO_PASSWORD,
        displayName: `Demo ${account.name[0].toUpperCase()}${account.name.slice(1)}`,
        roles: account.roles,
      });
      console.log(`demo account ${email}: ${result.created ? 'created' : 'already there'}`);
    }
  } finally {
    await orm.close(true);
  }
}

runEntryPoint(seed);
