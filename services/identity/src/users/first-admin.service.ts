import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Outbox } from '@platform/messaging';
import { IdentityConfig } from '../config/identity.config';
import { PasswordHasher } from '../security/password-hasher';
import { PasswordStrength } from '../security/password-strength';
import { ensureAccount } from './account-provisioning';

/**
 * Like createsuperuser: ADMIN_EMAIL/ADMIN_PASSWORD become a verified admin account at start if no
 * account has that e-mail. Idempotent; an existing account is never changed (nor its password).
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly outbox: Outbox,
    private readonly config: IdentityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    // A setting, checked like one: the service does not start with a guessable admin password.
    const weakness = await this.strength.weakness(password, { email, displayName: 'Administrator' });
    if (weakness) throw new Error(weakness.replace(/^password/, 'ADMIN_PASSWORD'));
    const result = await ensureAccount(this.orm.em.fork(), this.hasher, this.outbox, {
      email,
      password,
      displayName: 'Administrator',
      roles: ['admin'],
    });
    if (result.created) this.logger.log(`first admin account created for ${email}`);
    else if (result.user && !result.user.hasRole('admin'))
      this.logger.warn(`ADMIN_EMAIL ${email} belongs to an account without the admin role; it was left unchanged`);
  }
}
