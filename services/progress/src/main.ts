import './tracing';
import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer } from '@platform/messaging';
import { bootstrapService, loadConfig } from '@platform/service-kit';
import { AppModule } from './app.module';
import { ProgressConfig } from './config/progress.config';
import { courseProgressOpenApi } from './course-progress/course-progress.route';

const config = loadConfig(ProgressConfig);
bootstrapService(AppModule.forRoot(config), {
  routePrefix: BACKEND_SERVICES.progress.routePrefix,
  title: 'progress',
  config,
  connectConsumers: connectEventConsumer,
  openApiPaths: courseProgressOpenApi,
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
