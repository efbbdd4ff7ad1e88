import './worker-tracing';
import { MEDIA_WORKER } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { bootstrapService, loadConfig, runEntryPoint } from '@platform/service-kit';
import { MediaConfig } from './config/media.config';
import { WorkerModule } from './worker.module';

runEntryPoint(async () => {
  const config = loadConfig(MediaConfig);
  // The worker has no public API: its one port (WORKER_PORT) is its management port (health, metrics).
  config.MANAGEMENT_PORT = config.WORKER_PORT;
  await bootstrapService(WorkerModule.forRoot(config), {
    routePrefix: MEDIA_WORKER.routePrefix,
    title: MEDIA_WORKER.name,
    config,
    connectConsumers: connectEventConsumer,
    publicApi: false,
  });
});
