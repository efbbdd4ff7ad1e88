import './tracing';
import { BACKEND_SERVICES } from '@platform/contracts';
import { bootstrapService, loadConfig } from '@platform/service-kit';
import { AppModule } from './app.module';
import { IdentityConfig } from './config/identity.config';

async function main(): Promise<void> {
  const config = loadConfig(IdentityConfig);
  await bootstrapService(AppModule.forRoot(config), {
    routePrefix: BACKEND_SERVICES.identity.routePrefix,
    title: 'identity',
    config,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
