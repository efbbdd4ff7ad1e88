import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';
import { MessagingModule } from '@platform/messaging';
import { ServiceKitModule } from '@platform/service-kit';
import { AccountsModule } from './accounts/accounts.module';
import { SigningKeys } from './auth/signing-keys';
import type { IdentityConfig } from './config/identity.config';
import { identityOrmConfig } from './mikro-orm.config';
import { rateLimitOptions } from './security/rate-limits';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(
    config: IdentityConfig,
    signingKeys = SigningKeys.fromPem(config.JWT_PRIVATE_KEY, config.NODE_ENV === 'production'),
  ): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ServiceKitModule.forRoot({ service: BACKEND_SERVICES.identity.name, config, orm: identityOrmConfig(config) }),
        // identity verifies its own tokens with its key in memory, never over HTTP.
        AuthModule.forRoot({
          keys: signingKeys.verificationKey,
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
        }),
        MessagingModule.forRoot({
          service: BACKEND_SERVICES.identity.name,
          amqpUrl: config.AMQP_URL,
          exchange: config.EVENTS_EXCHANGE,
        }),
        ThrottlerModule.forRoot(rateLimitOptions(config)),
        AccountsModule,
        UsersModule,
      ],
      providers: [
        { provide: SigningKeys, useValue: signingKeys },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
      exports: [SigningKeys],
    };
  }
}
