import './tracing';
import { BACKEND_SERVICES } from '@platform/contracts';
import { bootstrapService, loadConfig, runEntryPoint } from '@platform/service-kit';
import { AppModule } from './app.module';
import { IdentityConfig } from './config/identity.config';

runEntryPoint(async () => {
  const config = loadConfig(IdentityConfig);
  await bootstrapService(AppModule.forRoot(config), {
    routePrefix: BACKEND_SERVICES.identity.routePrefix,
    title: 'identity',
    config,
  });
});
