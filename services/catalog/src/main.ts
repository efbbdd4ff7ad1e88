import './tracing';
import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { bootstrapService, loadConfig, runEntryPoint } from '@platform/service-kit';
import { AppModule } from './app.module';
import { CatalogConfig } from './config/catalog.config';

runEntryPoint(async () => {
  const config = loadConfig(CatalogConfig);
  await bootstrapService(AppModule.forRoot(config), {
    routePrefix: BACKEND_SERVICES.catalog.routePrefix,
    title: 'catalog',
    config,
    connectConsumers: connectEventConsumer,
  });
});
