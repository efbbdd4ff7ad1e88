import './tracing';
import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { bootstrapService, loadConfig, runEntryPoint } from '@platform/service-kit';
import { AppModule } from './app.module';
import { MediaConfig } from './config/media.config';

runEntryPoint(async () => {
  const config = loadConfig(MediaConfig);
  await bootstrapService(AppModule.forRoot(config), {
    routePrefix: BACKEND_SERVICES.media.routePrefix,
    title: 'media',
    config,
    connectConsumers: connectEventConsumer,
  });
});
