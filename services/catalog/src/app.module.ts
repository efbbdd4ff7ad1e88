import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';
import { MessagingModule } from '@platform/messaging';
import { ServiceKitModule } from '@platform/service-kit';
import { CommentsModule } from './comments/comments.module';
import { type CatalogConfig, catalogEventsQueue } from './config/catalog.config';
import { CoursesModule } from './courses/courses.module';
import { CoversModule } from './covers/covers.module';
import { catalogOrmConfig } from './mikro-orm.config';

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    const service = BACKEND_SERVICES.catalog.name;
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ service, config, orm: catalogOrmConfig(config) }),
        AuthModule.forRoot(authOptionsFrom(config)),
        MessagingModule.forRoot({
          service,
          amqpUrl: config.AMQP_URL,
          exchange: config.EVENTS_EXCHANGE,
          consumer: { queue: catalogEventsQueue(config) },
        }),
        CoursesModule,
        CommentsModule,
        CoversModule,
      ],
    };
  }
}
