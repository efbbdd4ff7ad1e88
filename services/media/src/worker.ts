import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { bootstrapService, loadConfig } from '@platform/service-kit';
import { MediaConfig } from './config/media.config';
import { WorkerModule } from './worker.module';

const config = loadConfig(MediaConfig);
config.PORT = config.WORKER_PORT;
bootstrapService(WorkerModule.forRoot(config), {
  routePrefix: `${BACKEND_SERVICES.media.routePrefix}-worker`,
  title: 'media-worker',
  config,
  connectConsumers: connectEventConsumer,
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
