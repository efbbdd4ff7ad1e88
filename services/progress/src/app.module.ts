import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';
import { MessagingModule } from '@platform/messaging';
import { ServiceKitModule } from '@platform/service-kit';
import type { ProgressConfig } from './config/progress.config';
import { ProgressModule } from './enrollments/progress.module';
import { progressOrmConfig } from './mikro-orm.config';

@Module({})
export class AppModule {
  static forRoot(config: ProgressConfig): DynamicModule {
    const service = BACKEND_SERVICES.progress.name;
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ service, config, orm: progressOrmConfig(config) }),
        AuthModule.forRoot(authOptionsFrom(config)),
        MessagingModule.forRoot({
          service,
          amqpUrl: config.AMQP_URL,
          exchange: config.EVENTS_EXCHANGE,
          consumer: { queue: service },
        }),
        ProgressModule,
      ],
    };
  }
}
