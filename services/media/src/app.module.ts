import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';
import { MessagingModule } from '@platform/messaging';
import { ServiceKitModule } from '@platform/service-kit';
import { type MediaConfig, mediaQueues } from './config/media.config';
import { CoversModule } from './covers/covers.module';
import { MediaModule } from './media/media.module';
import { mediaOrmConfig } from './mikro-orm.config';

/** The HTTP service: uploads, reads, deletes; consumes catalog's cover events (queue `media`, see mediaQueues). */
@Module({})
export class AppModule {
  static forRoot(config: MediaConfig): DynamicModule {
    const service = BACKEND_SERVICES.media.name;
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ service, config, orm: mediaOrmConfig(config) }),
        AuthModule.forRoot(authOptionsFrom(config)),
        MessagingModule.forRoot({
          service,
          amqpUrl: config.AMQP_URL,
          exchange: config.EVENTS_EXCHANGE,
          // One at a time: cover events are rare, and in order they never release an image before
          // the event that started using it (rows are locked as well, for several replicas).
          consumer: { queue: mediaQueues(config).service, prefetch: 1 },
        }),
        MediaModule,
        CoversModule,
      ],
    };
  }
}
