import { BACKEND_SERVICES } from '@platform/contracts';
import { bootstrapService, loadConfig } from '@platform/service-kit';
import { AppModule } from './app.module';
import { SigningKeys } from './auth/signing-keys';
import { IdentityConfig } from './config/identity.config';

async function main(): Promise<void> {
  const config = loadConfig(IdentityConfig);
  const signingKeys = SigningKeys.fromPem(config.JWT_PRIVATE_KEY, config.NODE_ENV === 'production');
  await signingKeys.ready();
  await bootstrapService(AppModule.forRoot(config, signingKeys), {
    routePrefix: BACKEND_SERVICES.identity.routePrefix,
    title: 'identity',
    config,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
