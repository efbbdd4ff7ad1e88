import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';
import { MessagingModule } from '@platform/messaging';
import { ServiceKitModule } from '@platform/service-kit';
import { type MediaConfig, mediaQueues, workerPrefetch } from './config/media.config';
import { mediaOrmConfig } from './mikro-orm.config';
import { ProcessingModule } from './processing/processing.module';

/**
 * The worker (same image, `worker` entry point): makes image variants from `media.image.uploaded`
 * on its own queue (`media-worker`): WORKER_PREFETCH images in flight, WORKER_CONCURRENCY of them
 * rendering at once (CPU-bound), the others reading or storing. Its HTTP side (WORKER_PORT) serves
 * only health and metrics, so it can be probed, scraped and scaled like the rest.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: MediaConfig): DynamicModule {
    const service = BACKEND_SERVICES.media.name;
    return {
      module: WorkerModule,
      imports: [
        ServiceKitModule.forRoot({ service: `${service}-worker`, config, orm: mediaOrmConfig(config) }),
        AuthModule.forRoot(authOptionsFrom(config)),
        MessagingModule.forRoot({
          service,
          amqpUrl: config.AMQP_URL,
          exchange: config.EVENTS_EXCHANGE,
          consumer: {
            queue: mediaQueues(config).worker,
            prefetch: workerPrefetch(config),
            maxAttempts: config.WORKER_MAX_ATTEMPTS,
            retryBaseDelayMs: config.WORKER_RETRY_BASE_MS,
          },
        }),
        ProcessingModule,
      ],
    };
  }
}
