import './tracing';
import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { bootstrapService, loadConfig } from '@platform/service-kit';
import { AppModule } from './app.module';
import { CatalogConfig } from './config/catalog.config';

const config = loadConfig(CatalogConfig);
bootstrapService(AppModule.forRoot(config), {
  routePrefix: BACKEND_SERVICES.catalog.routePrefix,
  title: 'catalog',
  config,
  connectConsumers: connectEventConsumer,
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
