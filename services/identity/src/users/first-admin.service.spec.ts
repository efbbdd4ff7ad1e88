import type { MikroORM } from '@mikro-orm/postgresql';
import type { Outbox } from '@platform/messaging';
import { loadConfig } from '@platform/service-kit';
import { IdentityConfig } from '../config/identity.config';
import { PasswordHasher } from '../security/password-hasher';
import { PasswordStrength } from '../security/password-strength';
import { FirstAdminService } from './first-admin.service';

describe('the first admin', () => {
  it('is not created, and the service does not start, with a guessable ADMIN_PASSWORD', async () => {
    const config = loadConfig(IdentityConfig, {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      PUBLIC_URL: 'http://localhost:8080',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      ADMIN_EMAIL: 'root@example.test',
      ADMIN_PASSWORD: 'password123',
    });
    const untouched = {} as MikroORM; // never reached: the check comes first
    const service = new FirstAdminService(
      untouched,
      new PasswordHasher(),
      new PasswordStrength(),
      {} as Outbox,
      config,
    );
    await expect(service.onApplicationBootstrap()).rejects.toThrow(/^ADMIN_PASSWORD is too easy to guess: /);
  });
});
