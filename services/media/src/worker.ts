import { MEDIA_WORKER } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { bootstrapService, loadConfig } from '@platform/service-kit';
import { MediaConfig } from './config/media.config';
import { WorkerModule } from './worker.module';

const config = loadConfig(MediaConfig);
config.PORT = config.WORKER_PORT;
bootstrapService(WorkerModule.forRoot(config), {
  routePrefix: MEDIA_WORKER.routePrefix,
  title: MEDIA_WORKER.name,
  config,
  connectConsumers: connectEventConsumer,
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
