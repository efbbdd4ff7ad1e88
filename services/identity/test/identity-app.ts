import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BACKEND_SERVICES } from '@platform/contracts';
import { startServiceUnderTest } from '@platform/service-testing';
import { startTestMailCatcher, type TestMailCatcher } from '@platform/testing';
import { AppModule } from '../src/app.module';
import { IdentityConfig } from '../src/config/identity.config';

export interface IdentityUnderTest {
  app: NestFastifyApplication;
  mail: TestMailCatcher;
  config: IdentityConfig;
  close(): Promise<void>;
}

/** identity as deployed: real database migrated by its committed migrations, real SMTP, real HTTP. */
export async function startIdentity(overrides: Record<string, string> = {}): Promise<IdentityUnderTest> {
  const mail = await startTestMailCatcher();
  const identity = await startServiceUnderTest({
    name: 'identity',
    routePrefix: BACKEND_SERVICES.identity.routePrefix,
    configClass: IdentityConfig,
    module: (config) => AppModule.forRoot(config),
    env: {
      PUBLIC_URL: 'http://web.test',
      SMTP_URL: mail.smtpUrl,
      MAIL_RETRY_INTERVAL_MS: '200',
      ADMIN_EMAIL: 'root@example.test',
      ADMIN_PASSWORD: 'root-password-123',
      ...overrides,
    },
  });
  return {
    app: identity.app,
    mail,
    config: identity.config,
    close: async () => {
      await identity.close();
      await mail.close();
    },
  };
}
