import { MikroORM } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BACKEND_SERVICES } from '@platform/contracts';
import { createServiceApp, loadConfig } from '@platform/service-kit';
import {
  createTestDatabase,
  startTestMailCatcher,
  testEnvironment,
  type TestDatabase,
  type TestMailCatcher,
} from '@platform/testing';
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
  const database: TestDatabase = await createTestDatabase('identity');
  const mail = await startTestMailCatcher();
  const config = loadConfig(
    IdentityConfig,
    testEnvironment({
      DATABASE_NAME: database.name,
      PUBLIC_URL: 'http://web.test',
      SMTP_URL: mail.smtpUrl,
      MAIL_RETRY_INTERVAL_MS: '200',
      ADMIN_EMAIL: 'root@example.test',
      ADMIN_PASSWORD: 'root-password-123',
      ...overrides,
    }),
  );
  const app = await createServiceApp(AppModule.forRoot(config), {
    routePrefix: BACKEND_SERVICES.identity.routePrefix,
    title: 'identity',
    config,
  });
  await app.get(MikroORM).getMigrator().up();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    mail,
    config,
    close: async () => {
      await app.close();
      await mail.close();
      await database.drop();
    },
  };
}
