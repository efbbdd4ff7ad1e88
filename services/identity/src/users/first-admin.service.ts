import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { IdentityConfig } from '../config/identity.config';
import { PasswordHasher } from '../security/password-hasher';
import { ensureAccount } from './account-provisioning';

/** Like createsuperuser: ADMIN_EMAIL/ADMIN_PASSWORD become an admin account at start if it is missing. */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly hasher: PasswordHasher,
    private readonly config: IdentityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    const created = await ensureAccount(this.orm.em.fork(), this.hasher, {
      email,
      password,
      displayName: 'Administrator',
      roles: ['admin'],
    });
    if (created) this.logger.log(`first admin account created for ${email}`);
  }
}
