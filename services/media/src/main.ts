import './tracing';
import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { bootstrapService, loadConfig } from '@platform/service-kit';
import { AppModule } from './app.module';
import { MediaConfig } from './config/media.config';

const config = loadConfig(MediaConfig);
bootstrapService(AppModule.forRoot(config), {
  routePrefix: BACKEND_SERVICES.media.routePrefix,
  title: 'media',
  config,
  connectConsumers: connectEventConsumer,
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
