import { MikroORM } from '@mikro-orm/postgresql';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';
import { MessagingModule } from '@platform/messaging';
import { ServiceKitModule } from '@platform/service-kit';
import { AdminModule } from './admin/admin.module';
import { SessionsModule } from './sessions/sessions.module';
import { SigningKeys } from './sessions/signing-keys';
import type { IdentityConfig } from './config/identity.config';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { identityOrmConfig } from './mikro-orm.config';
import { PasswordResetModule } from './password-reset/password-reset.module';
import { DatabaseThrottlerStorage } from './security/database-throttler-storage';
import { RateLimitGuard, rateLimitOptions } from './security/rate-limits';
import { RegistrationModule } from './registration/registration.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    const signingKeys = SigningKeys.fromPem(config.JWT_PRIVATE_KEY, { production: config.NODE_ENV === 'production' });
    return {
      module: AppModule,
      global: true,
      imports: [
        ServiceKitModule.forRoot({ service: BACKEND_SERVICES.identity.name, config, orm: identityOrmConfig(config) }),
        // identity verifies its own tokens with the key in memory, never over HTTP.
        AuthModule.forRoot({
          keys: signingKeys.verificationKey,
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
        }),
        // Publishes only (its outbox relay); identity consumes no events.
        MessagingModule.forRoot({
          service: BACKEND_SERVICES.identity.name,
          amqpUrl: config.AMQP_URL,
          exchange: config.EVENTS_EXCHANGE,
        }),
        ThrottlerModule.forRootAsync({
          inject: [MikroORM],
          useFactory: (orm: MikroORM) => rateLimitOptions(config, new DatabaseThrottlerStorage(orm)),
        }),
        SessionsModule,
        RegistrationModule,
        PasswordResetModule,
        UsersModule,
        AdminModule,
        HousekeepingModule,
      ],
      providers: [
        // Awaited at start-up, so an unusable JWT_PRIVATE_KEY stops the service before it listens.
        { provide: SigningKeys, useFactory: async () => (await signingKeys.ready(), signingKeys) },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
      exports: [SigningKeys],
    };
  }
}
