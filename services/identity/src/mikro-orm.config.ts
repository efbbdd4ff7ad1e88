import { join } from 'node:path';
import { MESSAGING_ENTITIES } from '@platform/messaging';
import { createOrmConfig, IdempotencyRecord } from '@platform/service-kit';
import { RefreshToken } from './sessions/refresh-token.entity';
import type { IdentityConfig } from './config/identity.config';
import { MailMessage } from './mail/mail-message.entity';
import { OneTimeToken } from './security/one-time-token.entity';
import { RateLimitCounter } from './security/rate-limit-counter.entity';
import { User } from './users/user.entity';

export const IDENTITY_ENTITIES = [
  User,
  RefreshToken,
  OneTimeToken,
  MailMessage,
  RateLimitCounter,
  IdempotencyRecord,
  ...MESSAGING_ENTITIES,
];

/** identity's one MikroORM configuration: the app, `migrate`, `seed` and the tests all use it. */
export function identityOrmConfig(config: IdentityConfig): ReturnType<typeof createOrmConfig> {
  return createOrmConfig(config, { entities: IDENTITY_ENTITIES, migrationsPath: join(__dirname, 'migrations') });
}
