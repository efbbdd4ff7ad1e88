import './tracing';
import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { bootstrapService, loadConfig, runEntryPoint } from '@platform/service-kit';
import { AppModule } from './app.module';
import { ProgressConfig } from './config/progress.config';
import { courseProgressOpenApi } from './course-progress/course-progress.route';

runEntryPoint(async () => {
  const config = loadConfig(ProgressConfig);
  await bootstrapService(AppModule.forRoot(config), {
    routePrefix: BACKEND_SERVICES.progress.routePrefix,
    title: 'progress',
    config,
    connectConsumers: connectEventConsumer,
    openApiPaths: courseProgressOpenApi,
  });
});
