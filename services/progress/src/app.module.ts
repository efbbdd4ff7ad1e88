import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@platform/auth';
import { BACKEND_SERVICES } from '@platform/contracts';
import { MessagingModule } from '@platform/messaging';
import { ServiceKitModule } from '@platform/service-kit';
import { CertificatesModule } from './certificates/certificates.module';
import { type ProgressConfig, progressEventsQueue } from './config/progress.config';
import { CourseProgressModule } from './course-progress/course-progress.module';
import { CourseStatsModule } from './course-stats/course-stats.module';
import { EnrollmentsModule } from './enrollments/enrollments.module';
import { progressOrmConfig } from './mikro-orm.config';
import { QuizzesModule } from './quizzes/quizzes.module';
import { ReadModelModule } from './read-model/read-model.module';
import { WatchingModule } from './watching/watching.module';

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
          consumer: { queue: progressEventsQueue(config) },
        }),
        ReadModelModule,
        EnrollmentsModule,
        QuizzesModule,
        CourseProgressModule,
        CertificatesModule,
        WatchingModule,
        CourseStatsModule,
      ],
    };
  }
}
